"""The embedded default's demo subscribers show every case a newcomer should see."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from courrier.accounts.models import User
from courrier.licensing.demo import load_demo_subscribers
from courrier.licensing.entitlements import entitled_users
from courrier.licensing.models import LicenceKind, Organization, TrialRequest


@pytest.fixture
def organizations(db):
    load_demo_subscribers(password="mot-de-passe-de-demo")
    return {organization.name: organization for organization in Organization.objects.all()}


def test_the_ministry_has_a_paid_licence_until_next_year_50_seats_and_an_ip_range(organizations):
    mcn = organizations["Ministère de la Cybersécurité et du Numérique"]
    licence = mcn.current_licence()
    assert (licence.kind, licence.seats) == (LicenceKind.PAID, 50)
    assert licence.ends_on.year == timezone.localdate().year + 1
    assert mcn.domains.get().domain == "mcn.gouv.qc.ca"
    assert mcn.ip_ranges.get().cidr == "198.51.100.0/24"
    assert mcn.memberships.administrators().get().user.email == "responsable@mcn.gouv.qc.ca"
    assert User.objects.get(email="lecteur@mcn.gouv.qc.ca") in entitled_users()


def test_the_federation_is_on_a_trial_ending_in_three_days(organizations):
    fccq = organizations["Fédération des chambres de commerce du Québec"]
    licence = fccq.current_licence()
    assert licence.kind == LicenceKind.TRIAL
    assert licence.ends_on == timezone.localdate() + datetime.timedelta(days=3)
    assert User.objects.get(email="essai@fccq.ca") in entitled_users()


def test_exemple_inc_licence_ended_thirty_days_ago(organizations):
    exemple = organizations["Exemple inc."]
    assert exemple.current_licence() is None
    assert exemple.latest_licence().ends_on == timezone.localdate() - datetime.timedelta(days=30)
    assert User.objects.get(email="ancien@exemple.com") not in entitled_users()


def test_demo_accounts_log_in_with_the_demo_password_and_a_trial_request_waits(organizations):
    assert User.objects.get(email="ancien@exemple.com").check_password("mot-de-passe-de-demo")
    assert TrialRequest.objects.filter(status="pending").exists()


def test_loading_twice_changes_nothing(organizations):
    before = (Organization.objects.count(), User.objects.count())
    load_demo_subscribers(password="mot-de-passe-de-demo")
    assert (Organization.objects.count(), User.objects.count()) == before
