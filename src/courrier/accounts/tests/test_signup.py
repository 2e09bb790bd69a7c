"""Demande d'inscription: only staff of subscribing organisations, verified by a link, nothing created otherwise."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from courrier.accounts.models import User
from courrier.licensing.actions import invite_colleague
from courrier.licensing.entitlements import Grounds, entitled_users
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import Membership, MembershipRole, MembershipStatus
from courrier.newsroom.factories import ArticlePageFactory

PASSWORD = "Un-mot-de-passe-solide-42"


def form(email: str, **extra: str) -> dict[str, str]:
    return {
        "email": email,
        "first_name": "Camille",
        "last_name": "Roy",
        "job_title": "Analyste",
        "password1": PASSWORD,
    } | extra


@pytest.fixture
def mcn(db):
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")


def link_in(message, path: str) -> str:
    return re.search(rf"https?://[^/\s]+({path}[^\s]+)", message.body).group(1)


def test_signup_page_is_in_french(client, db):
    html = client.get("/inscription/").content.decode()
    assert "Demande d&#x27;inscription" in html or "Demande d'inscription" in html
    assert "Adresse courriel professionnelle" in html
    assert "Fonction" in html


def test_staff_of_a_subscriber_registers_verifies_and_reads(client, mcn, section, category):
    article = ArticlePageFactory(parent=section, category=category)
    response = client.post("/inscription/", form("Camille.Roy@mcn.gouv.qc.ca"))
    assert response.status_code == 302
    user = User.objects.get(email="camille.roy@mcn.gouv.qc.ca")
    assert (user.first_name, user.last_name, user.job_title) == ("Camille", "Roy", "Analyste")
    membership = Membership.objects.get(user=user)
    # Until the address is verified: no seat, no login, nothing readable.
    assert (membership.organization, membership.status, membership.role) == (
        mcn,
        MembershipStatus.UNVERIFIED,
        "reader",
    )
    assert user.check_password(PASSWORD)
    assert response["Location"] == "/confirmer-courriel/"
    assert "_auth_user_id" not in client.session
    page = client.get(article.url).content.decode()
    assert "Texte réservé aux abonnés" not in page
    assert user not in entitled_users()

    (message,) = mail.outbox
    assert message.to == ["camille.roy@mcn.gouv.qc.ca"]
    assert "Confirmez votre adresse courriel" in message.subject
    confirm = link_in(message, "/confirmer-courriel/")
    assert "Confirmer" in client.get(confirm).content.decode()
    client.post(confirm)
    assert EmailAddress.objects.get(user=user).verified
    assert Membership.objects.get(user=user).status == MembershipStatus.ACTIVE
    assert user in entitled_users()
    assert "Texte réservé aux abonnés" in client.get(article.url).content.decode()

    again = client.get(confirm).content.decode()  # the link opened a second time
    assert "L'adresse camille.roy@mcn.gouv.qc.ca est déjà confirmée" in again
    assert "expiré ou n'est pas valide" not in again


def test_a_confirmation_link_that_was_never_valid_says_so(client, db):
    html = client.get("/confirmer-courriel/MTIz:1vabcd:bogus-signature/").content.decode()
    assert "Ce lien de confirmation a expiré ou n'est pas valide." in html


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("camille@gmail.com", "Utilisez l&#x27;adresse courriel attribuée par votre organisation"),
        ("camille@hotmail.com", "Utilisez l&#x27;adresse courriel attribuée par votre organisation"),
        ("camille@inconnu.ca", "Votre organisation n&#x27;est pas abonnée"),
    ],
)
def test_addresses_that_do_not_qualify_are_refused_and_nothing_is_created(client, mcn, email, message):
    response = client.post("/inscription/", form(email))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert not User.objects.filter(email=email).exists()
    assert mail.outbox == []


def test_unknown_domain_points_to_the_trial_request(client, mcn):
    html = client.post("/inscription/", form("camille@inconnu.ca")).content.decode()
    assert 'href="/essai-gratuit/"' in html
    assert "nous n&#x27;avons pas d&#x27;abonnés individuels" in html


def test_licence_ended_is_refused_with_its_date(client, db):
    organization = make_subscriber(name="Exemple inc.", domain="exemple.com", expired=True)
    html = client.post("/inscription/", form("nouveau@exemple.com")).content.decode()
    assert "La licence de votre organisation a pris fin le" in html
    assert str(organization.licences.get().ends_on.year) in html
    assert not User.objects.filter(email="nouveau@exemple.com").exists()


def test_seats_full_is_refused_and_administrators_are_told_once(client, db, django_capture_on_commit_callbacks):
    organization = make_subscriber(name="Petite firme", domain="firme.ca", seats=1)
    ReaderFactory(organization=organization, email="patronne@firme.ca", role=MembershipRole.ADMIN)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            html = client.post("/inscription/", form("nouveau@firme.ca")).content.decode()
        assert "Toutes les places de la licence de votre organisation sont prises" in html
    assert not User.objects.filter(email="nouveau@firme.ca").exists()
    (notice,) = mail.outbox
    assert notice.to == ["patronne@firme.ca"]
    assert "nouveau@firme.ca" in notice.body


def test_organisation_requiring_approval_keeps_new_members_pending(client, db, django_capture_on_commit_callbacks):
    organization = make_subscriber(name="Syndicat", domain="syndicat.qc.ca")
    organization.requires_approval = True
    organization.save()
    ReaderFactory(organization=organization, email="admin@syndicat.qc.ca", role=MembershipRole.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/inscription/", form("membre@syndicat.qc.ca"))
    user = User.objects.get(email="membre@syndicat.qc.ca")
    # The administrators are asked once the address is verified (typing an address proves nothing).
    assert Membership.objects.get(user=user).status == MembershipStatus.UNVERIFIED
    assert not any(message.to == ["admin@syndicat.qc.ca"] for message in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(mail.outbox[-1], "/confirmer-courriel/"))
    assert Membership.objects.get(user=user).status == MembershipStatus.PENDING
    assert any(message.to == ["admin@syndicat.qc.ca"] for message in mail.outbox)
    from courrier.licensing.entitlements import _member_entitlement

    assert _member_entitlement(user).grounds == Grounds.PENDING


def test_the_same_address_cannot_register_twice(client, mcn):
    client.post("/inscription/", form("camille.roy@mcn.gouv.qc.ca"))
    client.logout()
    client.post("/inscription/", form("CAMILLE.ROY@mcn.gouv.qc.ca"))
    assert User.objects.filter(email__iexact="camille.roy@mcn.gouv.qc.ca").count() == 1


def test_invitation_prefills_and_vouches_for_the_address(client, db, django_capture_on_commit_callbacks):
    organization = make_subscriber(name="Syndicat", domain="syndicat.qc.ca")
    organization.requires_approval = True
    organization.save()
    with django_capture_on_commit_callbacks(execute=True):
        invite_colleague(organization=organization, email="invitee@syndicat.qc.ca")
    signup = link_in(mail.outbox[-1], "/inscription/")
    page = client.get(signup).content.decode()
    assert 'value="invitee@syndicat.qc.ca"' in page
    assert "Syndicat" in page
    token = signup.split("invitation=")[1]
    client.post("/inscription/", form("invitee@syndicat.qc.ca", invitation=token))
    user = User.objects.get(email="invitee@syndicat.qc.ca")
    assert Membership.objects.get(user=user).status == MembershipStatus.ACTIVE
    assert EmailAddress.objects.get(user=user).verified
    assert user in entitled_users()


def test_invitation_cannot_be_used_for_another_address_or_twice(client, db, django_capture_on_commit_callbacks):
    organization = make_subscriber(name="Syndicat", domain="syndicat.qc.ca")
    with django_capture_on_commit_callbacks(execute=True):
        invite_colleague(organization=organization, email="invitee@syndicat.qc.ca")
    token = link_in(mail.outbox[-1], "/inscription/").split("invitation=")[1]
    html = client.post("/inscription/", form("autre@syndicat.qc.ca", invitation=token)).content.decode()
    assert "l&#x27;adresse à laquelle l&#x27;invitation a été envoyée" in html
    client.post("/inscription/", form("invitee@syndicat.qc.ca", invitation=token))
    client.logout()
    html = client.post("/inscription/", form("second@syndicat.qc.ca", invitation=token)).content.decode()
    assert "Cette invitation a expiré ou a déjà servi" in html
    assert not User.objects.filter(email="second@syndicat.qc.ca").exists()


def test_forged_invitation_is_refused(client, mcn):
    html = client.post("/inscription/", form("x@mcn.gouv.qc.ca", invitation="faux:jeton")).content.decode()
    assert "Cette invitation a expiré ou a déjà servi" in html
    assert not User.objects.filter(email="x@mcn.gouv.qc.ca").exists()


def test_signup_is_rate_limited(client, mcn, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/m/ip"}
    statuses = [client.post("/inscription/", form(f"x{n}@gmail.com")).status_code for n in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[-1] == 429


def test_logging_in_before_verifying_sends_the_link_again_and_opens_nothing(client, mcn):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post("/inscription/", form("camille.roy@mcn.gouv.qc.ca"))
    client.logout()
    mail.outbox.clear()
    # Past allauth's limit of one confirmation email per address every 3 minutes.
    with time_machine.travel(start + datetime.timedelta(minutes=4), tick=False):
        response = client.post("/connexion/", {"login": "camille.roy@mcn.gouv.qc.ca", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/confirmer-courriel/"
    assert "_auth_user_id" not in client.session
    (message,) = mail.outbox
    assert "/confirmer-courriel/" in message.body
