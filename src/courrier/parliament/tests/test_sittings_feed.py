"""The public iCal feed of sitting days, read back with `icalendar` as a calendar client would."""

from __future__ import annotations

import datetime

import icalendar
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courrier.parliament.actions import add_sitting_period, prefill_parliamentary_year
from courrier.parliament.factories import SittingPeriodFactory
from courrier.parliament.models import SittingPeriodKind

pytestmark = pytest.mark.django_db

FEED = "/calendrier/seances.ics"
D = datetime.date
LATE_2026 = datetime.datetime(2026, 11, 29, 15, 0, tzinfo=datetime.UTC)


def events(response) -> list[icalendar.Event]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    feed = icalendar.Calendar.from_ical(response.content)
    return list(feed.walk("VEVENT"))


@pytest.fixture
def year_2027(db):
    prefill_parliamentary_year(2027)


def test_one_all_day_event_per_sitting_day(client, year_2027):
    found = events(client.get(FEED, {"annee": "2027"}))

    assert len(found) == 91
    first = found[0]
    assert first.decoded("dtstart") == D(2027, 9, 21)  # a date: an all-day event
    assert first.decoded("dtend") == D(2027, 9, 22)
    assert str(first["uid"]) == "seance-2027-09-21@courrierparlementaire"
    assert str(first["summary"]) == "Séance de l'Assemblée nationale"
    assert {str(event["summary"]) for event in found} == {"Séance de l'Assemblée nationale", "Travaux intensifs"}
    assert sum(1 for event in found if str(event["summary"]) == "Travaux intensifs") == 16
    assert all("dtstamp" in event for event in found)


def test_uids_are_stable_between_requests_and_changes(client, year_2027):
    before = {str(event["uid"]): event.decoded("dtstart") for event in events(client.get(FEED, {"annee": "2027"}))}
    SittingPeriodFactory(cancellation=True, starts_on=D(2027, 10, 6))

    after = {str(event["uid"]): event.decoded("dtstart") for event in events(client.get(FEED, {"annee": "2027"}))}

    assert set(before) - set(after) == {"seance-2027-10-06@courrierparlementaire"}
    assert all(before[uid] == day for uid, day in after.items())
    assert all(uid == f"seance-{day.isoformat()}@courrierparlementaire" for uid, day in after.items())


def test_the_default_is_the_current_parliamentary_year(client):
    SittingPeriodFactory(starts_on=D(2026, 12, 1), ends_on=D(2026, 12, 4))  # 2026-2027
    SittingPeriodFactory(starts_on=D(2026, 5, 5), ends_on=D(2026, 5, 8))  # 2025-2026

    with time_machine.travel(LATE_2026, tick=False):
        found = events(client.get(FEED))

    assert [event.decoded("dtstart") for event in found] == [D(2026, 12, 1), D(2026, 12, 2), D(2026, 12, 3)]
    feed = icalendar.Calendar.from_ical(client.get(FEED, {"annee": "2026"}).content)
    assert str(feed["x-wr-calname"]) == "Séances de l'Assemblée nationale 2026-2027"


def test_the_parliamentary_year_turns_on_1_september(client):
    SittingPeriodFactory(extraordinary=True, starts_on=D(2027, 8, 31))
    SittingPeriodFactory(extraordinary=True, starts_on=D(2027, 9, 1))

    with time_machine.travel(datetime.datetime(2027, 8, 31, 12, tzinfo=datetime.UTC), tick=False):
        assert [e.decoded("dtstart") for e in events(client.get(FEED))] == [D(2027, 8, 31)]
    with time_machine.travel(datetime.datetime(2027, 9, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert [e.decoded("dtstart") for e in events(client.get(FEED))] == [D(2027, 9, 1)]


def test_extraordinary_sittings_say_so(client):
    add_sitting_period(kind=SittingPeriodKind.EXTRAORDINARY, starts_on=D(2027, 8, 14), ends_on=D(2027, 8, 14))

    (event,) = events(client.get(FEED, {"annee": "2026"}))

    assert str(event["summary"]) == "Séance extraordinaire de l'Assemblée nationale"


def test_an_empty_year_is_an_empty_calendar(client):
    assert events(client.get(FEED, {"annee": "2040"})) == []


@pytest.mark.parametrize("year", ["abc", "", "2027.5", "1989", "2101", "99999999999999999999", "-1"])
def test_a_bad_year_is_a_clear_400(client, year):
    response = client.get(FEED, {"annee": year})

    assert response.status_code == 400
    assert "Année invalide" in response.content.decode()


def test_the_feed_is_public_and_cacheable(client, year_2027):
    response = client.get(FEED, {"annee": "2027"})

    assert "public" in response["Cache-Control"]
    assert "max-age=3600" in response["Cache-Control"]
    assert "private" not in response["Cache-Control"]
    assert response["Content-Disposition"] == 'inline; filename="seances-2027-2028.ics"'
    again = client.get(FEED, {"annee": "2027"}, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_the_feed_changes_its_etag_when_the_calendar_changes(client, year_2027):
    etag = client.get(FEED, {"annee": "2027"})["ETag"]
    SittingPeriodFactory(cancellation=True, starts_on=D(2027, 10, 6))

    response = client.get(FEED, {"annee": "2027"}, headers={"if-none-match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_feed_reads_the_periods_once(client, year_2027):
    with CaptureQueriesContext(connection) as queries:
        client.get(FEED, {"annee": "2027"})

    assert sum("parliament_sittingperiod" in query["sql"] for query in queries.captured_queries) == 1


def test_only_reading_methods_are_allowed(client):
    assert client.post(FEED).status_code == 405
    assert client.head(FEED, {"annee": "2027"}).status_code == 200
