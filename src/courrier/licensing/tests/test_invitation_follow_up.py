"""Pending invitations on Mon organisation: sent again with a fresh link, or cancelled."""

import datetime
import html

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from courrier.licensing.actions import invitation_from_token, invitation_token
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import Invitation, MembershipRole

URL = "/mon-organisation/"


@pytest.fixture
def organization(db):
    return make_subscriber(seats=10)


@pytest.fixture
def admin(organization):
    return ReaderFactory(organization=organization, role=MembershipRole.ADMIN, email="anne@mcn.gouv.qc.ca")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def invitation(organization, admin):
    return Invitation.objects.create(
        organization=organization,
        email="paul.roy@mcn.gouv.qc.ca",
        invited_by=admin,
        created_at=timezone.now() - datetime.timedelta(days=10),
        expires_at=timezone.now() + datetime.timedelta(days=4),
    )


def test_resending_mails_a_fresh_link_and_kills_the_old_one(
    admin_client, invitation, django_capture_on_commit_callbacks
):
    old_token = invitation_token(invitation)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{URL}invitations/{invitation.pk}/renvoyer/", follow=True)

    assert response.status_code == 200
    renewed = Invitation.objects.usable().get()
    assert renewed.pk != invitation.pk
    assert renewed.email == "paul.roy@mcn.gouv.qc.ca"
    assert renewed.expires_at > invitation.expires_at
    assert invitation_from_token(old_token) is None
    assert [message.to for message in mail.outbox] == [["paul.roy@mcn.gouv.qc.ca"]]
    assert invitation_token(renewed) in mail.outbox[0].body
    assert "Invitation envoyée à paul.roy@mcn.gouv.qc.ca" in response.content.decode()


def test_cancelling_kills_the_link_and_lists_it_no_more(admin_client, invitation):
    token = invitation_token(invitation)

    response = admin_client.post(f"{URL}invitations/{invitation.pk}/annuler/", follow=True)

    page = response.content.decode()
    assert "est annulée" in page
    assert "Aucune invitation en attente." in page
    assert invitation_from_token(token) is None
    signup = Client().get(f"/inscription/?invitation={token}")
    assert "paul.roy@mcn.gouv.qc.ca" not in signup.content.decode()


@pytest.mark.parametrize("step", ["renvoyer", "annuler"])
def test_another_organisations_invitation_is_404_and_untouched(admin_client, step):
    elsewhere = make_subscriber(name="Ville de Laval", domain="laval.ca")
    theirs = Invitation.objects.create(
        organization=elsewhere, email="x@laval.ca", expires_at=timezone.now() + datetime.timedelta(days=3)
    )

    response = admin_client.post(f"{URL}invitations/{theirs.pk}/{step}/")

    assert response.status_code == 404
    assert Invitation.objects.usable().filter(pk=theirs.pk).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("step", ["renvoyer", "annuler"])
def test_a_spent_invitation_is_404(admin_client, invitation, step):
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())

    assert admin_client.post(f"{URL}invitations/{invitation.pk}/{step}/").status_code == 404


@pytest.mark.parametrize("step", ["renvoyer", "annuler"])
def test_a_reader_who_does_not_administer_cannot(client, organization, invitation, step):
    client.force_login(ReaderFactory(organization=organization))

    response = client.post(f"{URL}invitations/{invitation.pk}/{step}/")

    assert response.status_code == 403
    assert Invitation.objects.usable().get() == invitation


@pytest.mark.parametrize("step", ["renvoyer", "annuler"])
def test_a_link_cannot_do_it(admin_client, invitation, step):
    assert admin_client.get(f"{URL}invitations/{invitation.pk}/{step}/").status_code == 405
    assert Invitation.objects.usable().get() == invitation


def test_resending_counts_against_the_invitation_limit(admin_client, invitation, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "invite": "1/h/user"}
    admin_client.post(f"{URL}invitations/{invitation.pk}/renvoyer/")
    renewed = Invitation.objects.usable().get()

    response = admin_client.post(f"{URL}invitations/{renewed.pk}/renvoyer/", follow=True)

    assert "Trop d'invitations" in html.unescape(response.content.decode())
    assert Invitation.objects.usable().get() == renewed


def test_pending_invitations_say_who_sent_them(admin_client, invitation, admin):
    admin.first_name, admin.last_name = "Anne", "Gagnon"
    admin.save()

    page = admin_client.get(URL).content.decode()

    assert "par Anne Gagnon" in page
    assert "Renvoyer" in page
    assert "Annuler" in page


@pytest.mark.parametrize("step", ["renvoyer", "annuler"])
def test_a_forged_form_without_the_csrf_token_changes_nothing(admin, invitation, step):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)

    assert client.post(f"{URL}invitations/{invitation.pk}/{step}/").status_code == 403
    assert Invitation.objects.usable().get() == invitation
    assert mail.outbox == []
