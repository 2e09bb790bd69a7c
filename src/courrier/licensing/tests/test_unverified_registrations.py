"""A registration whose address is not verified holds no seat, shows as such to the organisation's
administrator, cannot be promoted and expires; refused sign-ups cannot flood the administrators."""

from __future__ import annotations

import datetime
import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import caches
from django.utils import timezone

from courrier.accounts.models import User
from courrier.licensing import actions
from courrier.licensing.admission import seats_used
from courrier.licensing.entitlements import entitled_users
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import Membership, MembershipRole, MembershipStatus
from courrier.operations.schedule import JOBS

PASSWORD = "Un-mot-de-passe-solide-42"
MONTREAL = ZoneInfo("America/Montreal")


def tomorrow_morning() -> datetime.datetime:
    """Inside the licence the factories grant (dated from today), at an hour that is the same day everywhere."""
    return datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=1), datetime.time(9, 0), tzinfo=MONTREAL
    )


def form(email: str) -> dict[str, str]:
    return {"email": email, "first_name": "Camille", "last_name": "Roy", "job_title": "", "password1": PASSWORD}


def text(response) -> str:
    return html.unescape(response.content.decode())


def confirmation_link(address: str) -> str:
    message = [m for m in mail.outbox if m.to == [address]][-1]
    return re.search(r"https?://[^/\s]+(/confirmer-courriel/[^\s]+)", message.body).group(1)


@pytest.fixture
def firm(db):
    return make_subscriber(name="Petite firme", domain="firme.ca", seats=2)


@pytest.fixture
def administrator(firm):
    return ReaderFactory(organization=firm, role=MembershipRole.ADMIN, email="patronne@firme.ca")


def test_unverified_registrations_hold_no_seat(client, firm, administrator):
    for name in ("pdg", "finances", "direction"):
        client.post("/inscription/", form(f"{name}@firme.ca"))
    assert seats_used(firm) == 1
    # The colleague who really works there still finds a seat.
    response = client.post("/inscription/", form("vraie.collegue@firme.ca"))
    assert response.status_code == 302
    client.post(confirmation_link("vraie.collegue@firme.ca"))
    assert User.objects.get(email="vraie.collegue@firme.ca") in entitled_users()
    assert seats_used(firm) == 2


def test_the_administrator_sees_them_as_unverified(client, firm, administrator):
    client.post("/inscription/", form("pdg@firme.ca"))
    client.force_login(administrator)
    page = text(client.get("/mon-organisation/"))
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*pdg@firme\.ca.*?</tr>", page, re.S).group(0)
    assert "Adresse non vérifiée" in row
    assert "Actif" not in row
    assert "Nommer administrateur" not in row
    assert "1 sur 2" in page


def test_an_unverified_registration_cannot_be_promoted(client, firm, administrator):
    client.post("/inscription/", form("pdg@firme.ca"))
    membership = Membership.objects.get(user__email="pdg@firme.ca")
    client.force_login(administrator)
    client.post(f"/mon-organisation/membres/{membership.pk}/nommer-administrateur/")
    membership.refresh_from_db()
    assert membership.role == MembershipRole.READER
    assert not membership.is_admin


def test_verifying_the_address_takes_the_seat(client, firm, administrator):
    client.post("/inscription/", form("camille@firme.ca"))
    membership = Membership.objects.get(user__email="camille@firme.ca")
    assert membership.status == MembershipStatus.UNVERIFIED
    client.post(confirmation_link("camille@firme.ca"))
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert seats_used(firm) == 2


def test_a_verification_that_finds_no_seat_left_takes_none(client, firm, administrator, home):
    client.post("/inscription/", form("camille@firme.ca"))
    ReaderFactory(organization=firm, email="arrivee@firme.ca")  # the last seat went meanwhile
    response = client.post(confirmation_link("camille@firme.ca"), follow=True)
    assert "toutes les places de la licence de votre organisation sont maintenant prises" in text(response)
    camille = User.objects.get(email="camille@firme.ca")
    assert EmailAddress.objects.get(user=camille).verified
    assert not Membership.objects.filter(user=camille).exclude(status=MembershipStatus.REMOVED).exists()
    assert seats_used(firm) == 2


def test_the_approval_request_reaches_administrators_only_once_the_address_is_verified(
    client, firm, administrator, django_capture_on_commit_callbacks
):
    firm.requires_approval = True
    firm.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/inscription/", form("camille@firme.ca"))
    assert not [m for m in mail.outbox if "patronne@firme.ca" in m.to]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirmation_link("camille@firme.ca"))
    assert Membership.objects.get(user__email="camille@firme.ca").status == MembershipStatus.PENDING
    assert len([m for m in mail.outbox if "patronne@firme.ca" in m.to]) == 1


def test_unverified_registrations_expire_with_their_data(client, firm, administrator, settings):
    settings.COURRIER_LICENSING = {"UNVERIFIED_REGISTRATION_DAYS": 3}
    start = tomorrow_morning()
    with time_machine.travel(start, tick=False):
        client.post("/inscription/", form("jamais@firme.ca"))
        client.post("/inscription/", form("confirme@firme.ca"))
        client.post(confirmation_link("confirme@firme.ca"))
        client.logout()
    with time_machine.travel(start + datetime.timedelta(days=2, hours=23), tick=False):
        assert actions.expire_unverified_registrations() == 0
    with time_machine.travel(start + datetime.timedelta(days=3, hours=1), tick=False):
        assert actions.expire_unverified_registrations() == 1
        assert actions.expire_unverified_registrations() == 0
    assert not User.objects.filter(email="jamais@firme.ca").exists()
    assert not EmailAddress.objects.filter(email="jamais@firme.ca").exists()
    assert not Membership.objects.filter(user__email="jamais@firme.ca").exists()
    assert User.objects.filter(email="confirme@firme.ca").exists()
    assert "expire_unverified_registrations" in [job.name for job in JOBS]


def test_refused_sign_ups_cannot_flood_the_administrators(
    client, firm, administrator, settings, django_capture_on_commit_callbacks
):
    ReaderFactory(organization=firm)  # every seat is taken
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1000/m/ip"}
    for number in range(20):
        caches["default"].clear()  # as if each attempt reached another worker process
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/inscription/", form(f"inconnu{number}@firme.ca"))
        assert "Toutes les places de la licence de votre organisation sont prises" in text(response)
    notices = [m for m in mail.outbox if "patronne@firme.ca" in m.to]
    assert len(notices) == 1
    assert not User.objects.filter(email__startswith="inconnu").exists()


def test_the_next_day_brings_one_more_notice(client, firm, administrator, django_capture_on_commit_callbacks):
    ReaderFactory(organization=firm)
    start = tomorrow_morning()
    for day in range(2):
        with time_machine.travel(start + datetime.timedelta(days=day), tick=False):
            for number in range(3):
                with django_capture_on_commit_callbacks(execute=True):
                    client.post("/inscription/", form(f"inconnu{day}-{number}@firme.ca"))
    assert len([m for m in mail.outbox if "patronne@firme.ca" in m.to]) == 2
