"""« Calendrier parlementaire »: a month of sittings on a page, the holidays named, the months either side a click
away, and the iCal subscription — for everyone, from the footer of every page."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courrier.licensing.factories import ReaderFactory
from courrier.parliament.factories import SittingPeriodFactory
from courrier.parliament.models import SittingPeriodKind

pytestmark = pytest.mark.django_db

PAGE = "/calendrier/"
EARLY_DECEMBER_2026 = datetime.datetime(2026, 12, 2, 15, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _early_december():
    with time_machine.travel(EARLY_DECEMBER_2026, tick=False):
        yield


@pytest.fixture
def december(db):
    SittingPeriodFactory(starts_on=datetime.date(2026, 12, 1), ends_on=datetime.date(2026, 12, 4))
    SittingPeriodFactory(
        kind=SittingPeriodKind.INTENSIVE, starts_on=datetime.date(2026, 12, 8), ends_on=datetime.date(2026, 12, 10)
    )


def days_marked(html: str, modifier: str) -> list[int]:
    cells = re.findall(r'<td class="([^"]*)"[^>]*>\s*<time datetime="(\d{4})-(\d\d)-(\d\d)"', html)
    return [int(day) for classes, _, month, day in cells if modifier in classes and month == "12"]


def test_the_month_shows_its_sittings_and_holidays(client, december):
    html = client.get(PAGE).content.decode()
    assert "Décembre 2026" in html
    assert days_marked(html, "month__day--sitting") == [1, 2, 3, 8, 9, 10]  # Tuesday to Thursday
    assert days_marked(html, "month__day--holiday") == [25]
    assert "Travaux intensifs" in html and "Jour de Noël" in html
    assert "6 jours de séance ce mois-ci." in html
    assert days_marked(html, "month__day--today") == [2]


def test_the_months_either_side_are_a_click_away(client, december):
    html = client.get(PAGE).content.decode()
    assert 'href="?mois=2026-11"' in html and 'href="?mois=2027-01"' in html
    january = client.get(PAGE, {"mois": "2027-01"}).content.decode()
    assert "Janvier 2027" in january and "Revenir au mois en cours" in january
    assert days_marked(january, "month__day--sitting") == []


@pytest.mark.parametrize("month", ["2026-13", "décembre", "1789-07", "9" * 30, "\x00"])
def test_a_month_that_does_not_parse_shows_this_one(client, december, month):
    response = client.get(PAGE, {"mois": month})
    assert response.status_code == 200
    assert "Décembre 2026" in response.content.decode()


def test_the_ical_subscription_is_offered(client, december):
    html = client.get(PAGE).content.decode()
    assert 'href="webcal://testserver/calendrier/seances.ics"' in html
    assert "http://testserver/calendrier/seances.ics" in html


def test_the_page_is_linked_from_every_page_and_reads_the_periods_once(client, december):
    assert 'href="/calendrier/"' in client.get("/decrets/").content.decode()
    client.get(PAGE)
    with CaptureQueriesContext(connection) as captured:
        client.get(PAGE, {"mois": "2027-02"})
    assert sum("parliament_sittingperiod" in query["sql"] for query in captured) == 1


def test_a_reader_sees_their_own_menu_on_it(client, december):
    client.force_login(ReaderFactory(first_name="Camille", last_name="Tremblay"))
    assert "Camille Tremblay" in client.get(PAGE).content.decode()


def test_in_english(client, december):
    client.cookies["django_language"] = "en"
    html = client.get(PAGE).content.decode()
    assert "Parliamentary calendar" in html and "December 2026" in html
