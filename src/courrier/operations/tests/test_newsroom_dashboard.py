"""The admin home page opens on the newsroom's morning: today's and tomorrow's editions, trial requests to
decide, licences to renew, the last sends and their failures, the next Gazette issue to enter."""

from __future__ import annotations

import datetime
import html
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courrier.accounts.factories import UserFactory
from courrier.editions import actions as editions
from courrier.editions.models import Publication
from courrier.licensing.factories import LicenceFactory, TrialRequestFactory, make_subscriber
from courrier.mailing.models import Campaign, CampaignStatus
from courrier.parliament.gazette import next_gazette_day, probable_issue_number, volume_of
from courrier.parliament.models import GazetteIssue

MONTREAL = zoneinfo.ZoneInfo("America/Montreal")


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def staff_client(client, home):
    client.force_login(UserFactory(staff=True, is_superuser=True))
    return client


def dashboard(client) -> str:
    response = client.get("/admin/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_todays_edition_with_its_state_and_tomorrows_to_open(client, home, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 8, 7, 0, tzinfo=MONTREAL))  # a Tuesday in season
    client.force_login(UserFactory(staff=True, is_superuser=True))
    staff_client = client
    lag = Publication.objects.get(key="lcp-lag")
    edition = editions.open_edition(publication=lag, date=day(0))

    page = dashboard(staff_client)

    assert "Éditions d'aujourd'hui et de demain" in page
    assert f'href="/admin/editions/edit/{edition.pk}/">n° {edition.number}' in page
    assert "Brouillon" in page
    assert f"/admin/editions/new/?publication={lag.pk}&date={day(1).isoformat()}" in page
    assert "Cette semaine au Parlement" not in page  # Mondays only


def test_a_publication_not_due_is_not_listed(client, home, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 26, 7, 0, tzinfo=MONTREAL))  # a Saturday
    client.force_login(UserFactory(staff=True, is_superuser=True))

    page = dashboard(client)

    assert "Aucune édition n'est prévue aujourd'hui ni demain." in page


def test_the_link_opens_the_new_edition_form_filled_in(staff_client):
    lag = Publication.objects.get(key="lcp-lag")

    response = staff_client.get(f"/admin/editions/new/?publication={lag.pk}&date={day(5).isoformat()}")

    form = response.context["form"]
    assert form.initial["publication"] == lag.pk
    assert form.initial["date"] == day(5)
    assert staff_client.get("/admin/editions/new/?publication=x&date=demain").status_code == 200


def test_trial_requests_to_decide_and_licences_to_renew(staff_client):
    TrialRequestFactory(organization_name="Société de transport de Lévis")
    TrialRequestFactory(organization_name="Déjà traitée", status="declined")
    ending = make_subscriber(name="Ville de Laval", domain="laval.ca", ends_on=day(12))
    renewed = make_subscriber(name="Ville de Gatineau", domain="gatineau.ca", ends_on=day(12))
    LicenceFactory(organization=renewed, starts_on=day(13), ends_on=day(400))
    make_subscriber(name="Ville de Lévis", domain="levis.ca", ends_on=day(90))

    page = dashboard(staff_client)

    assert "Demande d'essai à traiter (1)" in page
    assert "Société de transport de Lévis" in page
    assert "Déjà traitée" not in page
    assert "Licence à renouveler d'ici 30 jours (1)" in page
    assert f'/admin/organisations/inspect/{ending.pk}/">Ville de Laval' in page
    assert "Ville de Gatineau" not in page  # already renewed
    assert "Ville de Lévis" not in page  # ends later


def test_the_last_sends_with_their_failures(staff_client):
    Campaign.objects.create(
        name="LCP-LAG n° 41",
        subject="LCP-LAG n° 41",
        text="…",
        from_email="editeur@courrierparlementaire.com",
        status=CampaignStatus.SENT,
        total=120,
        sent_count=117,
        failed_count=3,
        started_at=timezone.now(),
    )

    page = dashboard(staff_client)

    assert "Derniers envois" in page
    assert "LCP-LAG n° 41" in page
    assert "117 sur 120" in page
    assert ">3</strong>" in page


def test_the_next_gazette_issue_to_enter(staff_client):
    gazette_day = next_gazette_day(timezone.localdate())
    assert "pas encore inscrit" in dashboard(staff_client)

    issue = GazetteIssue.objects.create(
        published_on=gazette_day, volume=volume_of(gazette_day.year), number=probable_issue_number(gazette_day)
    )

    page = dashboard(staff_client)
    assert "inscrit, 0 décret" in page
    assert f"/admin/gazette/{issue.pk}/decrets/" in page or "Saisir ses décrets" in page


def test_the_panels_cost_the_same_few_queries_however_much_there_is(staff_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            dashboard(staff_client)
        return len(captured)

    dashboard(staff_client)  # per-process caches
    few = queries()
    for number in range(6):
        TrialRequestFactory()
        make_subscriber(name=f"Organisation {number}", domain=f"org{number}.ca", ends_on=day(number + 1))
    assert queries() == few
