"""Each publication's editions across a parliamentary year."""

from __future__ import annotations

import datetime

import pytest

from courrier.editions.models import Publication
from courrier.editions.schedule import publication_dates, send_moment
from courrier.parliament.models import SittingPeriod, SittingPeriodKind

D = datetime.date


@pytest.fixture
def fall_2027(db):
    """A fall session: regular weeks, a constituency week, two intensive weeks."""
    SittingPeriod.objects.create(starts_on=D(2027, 9, 21), ends_on=D(2027, 11, 26), kind=SittingPeriodKind.REGULAR)
    SittingPeriod.objects.create(starts_on=D(2027, 11, 8), ends_on=D(2027, 11, 12), kind=SittingPeriodKind.CONSTITUENCY)
    SittingPeriod.objects.create(starts_on=D(2027, 11, 30), ends_on=D(2027, 12, 10), kind=SittingPeriodKind.INTENSIVE)


def publication(key: str) -> Publication:
    return Publication.objects.get(key=key)


def test_lcp_lag_every_weekday_of_the_season_but_statutory_holidays(db):
    lag = publication("lcp-lag")
    year = publication_dates(lag, D(2026, 9, 1), D(2027, 8, 31))
    assert year[0] == D(2026, 9, 1)  # Labour Day is 7 September 2026
    assert D(2026, 9, 7) not in year
    assert D(2026, 10, 12) not in year  # Action de grâce
    assert D(2026, 12, 25) not in year and D(2027, 1, 1) not in year
    assert D(2026, 12, 28) in year  # Christmas fell on a Friday: no substitute
    assert D(2027, 6, 24) not in year  # Fête nationale, a Thursday
    assert year[-1] == D(2027, 6, 30)
    assert not [day for day in year if day.month in (7, 8) or day.weekday() > 4]
    assert len(year) == 210


def test_lcp_lag_skips_the_quebec_substitute_but_not_the_canadian_one(db):
    lag = publication("lcp-lag")
    # 1 July 2029 is a Sunday: Québec observes Monday 2 July (outside the season anyway);
    # 1 January 2028 is a Saturday: Québec has no substitute, so Monday 3 January is a working day.
    assert D(2028, 1, 3) in publication_dates(lag, D(2028, 1, 1), D(2028, 1, 7))


def test_infomidi_on_sitting_days_only(fall_2027):
    days = publication_dates(publication("lcp-infomidi"), D(2027, 9, 1), D(2027, 12, 31))
    assert days[0] == D(2027, 9, 21)  # a Tuesday
    assert D(2027, 9, 24) not in days  # Friday of a regular week
    assert not [day for day in days if D(2027, 11, 8) <= day <= D(2027, 11, 12)]  # constituency week
    assert D(2027, 12, 3) in days  # Friday of an intensive week
    assert days[-1] == D(2027, 12, 10)
    assert len(days) == 9 * 3 + 2 * 4


def test_this_week_in_parliament_once_per_sitting_week(fall_2027):
    mondays = publication_dates(publication("cette-semaine"), D(2027, 9, 1), D(2027, 12, 31))
    assert mondays[0] == D(2027, 9, 20)
    assert D(2027, 11, 8) not in mondays
    assert all(day.weekday() == 0 for day in mondays)
    assert len(mondays) == 9 + 2


def test_decree_alerts_follow_the_gazette_not_the_calendar(fall_2027):
    assert publication_dates(publication("alerte-decrets"), D(2027, 9, 1), D(2027, 12, 31)) == []


def test_one_query_for_a_whole_year(fall_2027, django_assert_max_num_queries):
    infomidi = publication("lcp-infomidi")
    with django_assert_max_num_queries(1):
        publication_dates(infomidi, D(2027, 9, 1), D(2028, 8, 31))


def test_editions_leave_at_the_publications_hour_montreal_time(db):
    moment = send_moment(publication("lcp-lag"), D(2027, 1, 12))
    assert moment.isoformat() == "2027-01-12T06:30:00-05:00"
    assert send_moment(publication("alerte-decrets"), D(2027, 1, 12)) is None
