"""The queue of trial requests in the back office: pending first, approve or decline, once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from courrier.licensing.factories import TrialRequestFactory, make_subscriber
from courrier.licensing.models import (
    EmailDomain,
    Invitation,
    Licence,
    LicenceChangeKind,
    LicenceKind,
    MembershipRole,
    Organization,
    TrialRequest,
    TrialRequestStatus,
)

QUEUE = "/admin/demandes-essai/"


def url(name: str, *args: int) -> str:
    return reverse(f"trial_requests:{name}", args=args)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def admin(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def trial(db):
    return TrialRequestFactory(
        organization_name="Fédération des municipalités", contact_name="Julie Gagnon", email="julie@fqm.ca"
    )


def test_pending_requests_come_first(admin):
    now = timezone.now()
    TrialRequestFactory(organization_name="Ancienne en attente", created_at=now - datetime.timedelta(days=9))
    TrialRequestFactory(organization_name="Récente approuvée", status=TrialRequestStatus.APPROVED, created_at=now)
    TrialRequestFactory(organization_name="Récente refusée", status=TrialRequestStatus.DECLINED, created_at=now)
    TrialRequestFactory(organization_name="Nouvelle en attente", created_at=now - datetime.timedelta(days=1))

    html = admin.get(QUEUE).content.decode()

    positions = [
        html.index(name)
        for name in ["Nouvelle en attente", "Ancienne en attente", "Récente approuvée", "Récente refusée"]
    ]
    assert positions[:2] == sorted(positions[:2])
    assert max(positions[:2]) < min(positions[2:])


def test_status_filter(admin):
    TrialRequestFactory(organization_name="En attente")
    TrialRequestFactory(organization_name="Refusée", status=TrialRequestStatus.DECLINED)

    html = admin.get(QUEUE, {"status": "declined"}).content.decode()

    assert "Refusée" in html
    assert "En attente" not in html
    assert "à traiter" in html  # the filter's choices, in French


def test_the_menu_counts_pending_requests(admin):
    TrialRequestFactory.create_batch(2)
    TrialRequestFactory(status=TrialRequestStatus.DECLINED)
    assert "Demandes d'essai (2)" in admin.get("/admin/").content.decode()


def test_request_page_shows_the_request_and_the_decision_form(admin, trial):
    html = admin.get(url("inspect", trial.pk)).content.decode()

    for expected in ["Fédération des municipalités", "Julie Gagnon", "julie@fqm.ca", "418 555-0134", "Approuver"]:
        assert expected in html, expected
    assert 'name="days" value="7"' in html
    assert url("approve", trial.pk) in html
    assert url("decline", trial.pk) in html


def test_request_page_says_when_the_domain_already_has_an_organisation(admin):
    make_subscriber(name="Fédération (ancienne)", domain="fqm.ca", expired=True)
    trial = TrialRequestFactory(email="marc@fqm.ca")
    assert (
        "appartient déjà à l'organisation «\u00a0Fédération (ancienne)\u00a0»"
        in admin.get(url("inspect", trial.pk)).content.decode()
    )


def test_approve_creates_organisation_domain_trial_and_invites_the_contact(
    admin, staff, trial, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url("approve", trial.pk), {"days": ""})

    assert response.status_code == 302
    assert response["Location"] == QUEUE
    organization = Organization.objects.get(name="Fédération des municipalités")
    assert list(organization.domains.values_list("domain", flat=True)) == ["fqm.ca"]
    licence = organization.licences.get()
    assert (licence.kind, licence.starts_on, licence.ends_on) == (LicenceKind.TRIAL, days(0), days(6))
    assert licence.changes.get().kind == LicenceChangeKind.GRANTED
    assert licence.changes.get().changed_by == staff
    trial.refresh_from_db()
    assert (trial.status, trial.decided_by, trial.organization, trial.licence) == (
        TrialRequestStatus.APPROVED,
        staff,
        organization,
        licence,
    )
    invitation = Invitation.objects.get(organization=organization)
    assert (invitation.email, invitation.role) == ("julie@fqm.ca", MembershipRole.ADMIN)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["julie@fqm.ca"]
    assert "essai gratuit" in message.subject
    assert "?invitation=" in message.body


def test_approve_for_a_chosen_number_of_days(admin, trial, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(url("approve", trial.pk), {"days": "14"})
    assert Licence.objects.get().ends_on == days(13)


@pytest.mark.parametrize("value", ["0", "-3", "beaucoup"])
def test_a_bad_number_of_days_is_refused_in_french(admin, trial, value):
    response = admin.post(url("approve", trial.pk), {"days": value})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Assurez-vous" in html or "Saisissez un nombre entier" in html
    trial.refresh_from_db()
    assert trial.status == TrialRequestStatus.PENDING
    assert not Organization.objects.exists()


def test_a_processed_request_cannot_be_approved_again(admin, trial, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(url("approve", trial.pk), {"days": ""})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url("approve", trial.pk), {"days": ""})

    assert response.status_code == 200
    assert "Cette demande a déjà été traitée." in response.content.decode()
    assert Licence.objects.count() == 1
    assert not mail.outbox
    assert "Approuver" not in admin.get(url("inspect", trial.pk)).content.decode()


def test_decline_sends_the_decline_email(admin, staff, trial, django_capture_on_commit_callbacks):
    assert "courriel" in admin.get(url("decline", trial.pk)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url("decline", trial.pk))

    assert response.status_code == 302
    trial.refresh_from_db()
    assert (trial.status, trial.decided_by) == (TrialRequestStatus.DECLINED, staff)
    assert not Organization.objects.exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["julie@fqm.ca"]
    assert "Votre demande d\N{RIGHT SINGLE QUOTATION MARK}essai gratuit" in mail.outbox[0].subject


def test_a_declined_request_cannot_be_approved(admin, trial, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(url("decline", trial.pk))
        response = admin.post(url("approve", trial.pk), {"days": "7"})

    assert "Cette demande a déjà été traitée." in response.content.decode()
    assert not EmailDomain.objects.exists()
    assert len(mail.outbox) == 1


def test_requests_are_never_added_edited_nor_deleted_here(admin, trial):
    html = admin.get(QUEUE).content.decode()
    assert f"{QUEUE}new/" not in html
    for path in [f"{QUEUE}new/", f"{QUEUE}edit/{trial.pk}/", f"{QUEUE}delete/{trial.pk}/"]:
        assert admin.post(path).status_code == 404
    assert TrialRequest.objects.filter(pk=trial.pk, status=TrialRequestStatus.PENDING).exists()


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_only_staff_reach_the_queue(client, reader, trial, who, django_capture_on_commit_callbacks):
    if who == "reader":
        client.force_login(reader)

    with django_capture_on_commit_callbacks(execute=True):
        for address in [QUEUE, url("inspect", trial.pk), url("approve", trial.pk), url("decline", trial.pk)]:
            for method in (client.get, client.post):
                response = method(address)
                assert response.status_code == 302, address
                assert response["Location"].startswith("/connexion/"), address

    trial.refresh_from_db()
    assert trial.status == TrialRequestStatus.PENDING
    assert not mail.outbox
