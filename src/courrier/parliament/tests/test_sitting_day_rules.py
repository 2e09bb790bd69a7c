"""Which days the Assembly sits, from the periods entered: weekdays by kind, weeks off, holidays, exceptions."""

from __future__ import annotations

import datetime

import pytest

from courrier.parliament.calendar import SittingCalendar, is_sitting_day, sitting_days
from courrier.parliament.factories import SittingPeriodFactory
from courrier.parliament.models import SittingPeriodKind

pytestmark = pytest.mark.django_db

D = datetime.date


def week_of(monday: datetime.date) -> list[datetime.date]:
    return [monday + datetime.timedelta(days=n) for n in range(7)]


def test_regular_period_sits_tuesday_to_thursday():
    SittingPeriodFactory(starts_on=D(2027, 10, 4), ends_on=D(2027, 10, 10))

    assert sitting_days(D(2027, 10, 4), D(2027, 10, 10)) == [D(2027, 10, 5), D(2027, 10, 6), D(2027, 10, 7)]
    assert not is_sitting_day(D(2027, 10, 4))  # Monday
    assert not is_sitting_day(D(2027, 10, 8))  # Friday
    assert not is_sitting_day(D(2027, 10, 9))  # Saturday


def test_intensive_period_sits_tuesday_to_friday():
    SittingPeriodFactory(intensive=True, starts_on=D(2027, 11, 29), ends_on=D(2027, 12, 5))

    assert sitting_days(D(2027, 11, 29), D(2027, 12, 5)) == [
        D(2027, 11, 30),
        D(2027, 12, 1),
        D(2027, 12, 2),
        D(2027, 12, 3),
    ]
    assert is_sitting_day(D(2027, 12, 3))  # Friday
    assert not is_sitting_day(D(2027, 11, 29))  # Monday


def test_intensive_wins_over_an_overlapping_regular_period():
    SittingPeriodFactory(starts_on=D(2027, 11, 29), ends_on=D(2027, 12, 3))
    SittingPeriodFactory(intensive=True, starts_on=D(2027, 12, 3), ends_on=D(2027, 12, 3))

    calendar = SittingCalendar.load(D(2027, 11, 29), D(2027, 12, 3))

    assert calendar.sitting_on(D(2027, 12, 1)).kind == SittingPeriodKind.REGULAR
    assert calendar.sitting_on(D(2027, 12, 3)).kind == SittingPeriodKind.INTENSIVE


def test_no_sitting_outside_any_period():
    SittingPeriodFactory(starts_on=D(2027, 10, 4), ends_on=D(2027, 10, 8))

    assert not is_sitting_day(D(2027, 10, 12))
    assert sitting_days(D(2027, 10, 11), D(2027, 10, 31)) == []


def test_constituency_week_inside_a_regular_period_has_no_sitting():
    SittingPeriodFactory(starts_on=D(2027, 11, 2), ends_on=D(2027, 11, 25))
    SittingPeriodFactory(constituency=True, starts_on=D(2027, 11, 8), ends_on=D(2027, 11, 12))

    days = sitting_days(D(2027, 11, 1), D(2027, 11, 30))

    assert not any(D(2027, 11, 8) <= day <= D(2027, 11, 12) for day in days)
    assert days == [D(2027, 11, d) for d in (2, 3, 4, 16, 17, 18, 23, 24, 25)]


def test_constituency_week_inside_an_intensive_period_has_no_sitting():
    SittingPeriodFactory(intensive=True, starts_on=D(2028, 5, 30), ends_on=D(2028, 6, 9))
    SittingPeriodFactory(constituency=True, starts_on=D(2028, 6, 5), ends_on=D(2028, 6, 9))

    assert sitting_days(D(2028, 5, 29), D(2028, 6, 11)) == [
        D(2028, 5, 30),
        D(2028, 5, 31),
        D(2028, 6, 1),
        D(2028, 6, 2),
    ]


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (D(2027, 6, 24), "Fête nationale (Thursday)"),
        (D(2027, 7, 1), "Canada Day (Thursday)"),
        (D(2029, 12, 25), "Christmas (Tuesday)"),
        (D(2027, 3, 26), "Good Friday"),
    ],
)
def test_no_sitting_on_a_statutory_holiday(day, holiday):
    monday = day - datetime.timedelta(days=day.weekday())
    SittingPeriodFactory(intensive=True, starts_on=monday, ends_on=monday + datetime.timedelta(days=6))

    assert not is_sitting_day(day), holiday
    assert day not in sitting_days(monday, monday + datetime.timedelta(days=6))
    assert len(sitting_days(monday, monday + datetime.timedelta(days=6))) == 3


def test_christmas_observed_monday_of_the_package_is_not_a_holiday_for_sittings():
    # 25 December 2027 is a Saturday; `holidays` moves it to Monday 27 (Canada-wide), Québec law does not.
    SittingPeriodFactory(extraordinary=True, starts_on=D(2027, 12, 27))
    SittingPeriodFactory(intensive=True, starts_on=D(2027, 12, 27), ends_on=D(2027, 12, 31))

    assert sitting_days(D(2027, 12, 27), D(2027, 12, 31)) == [D(2027, 12, d) for d in (27, 28, 29, 30, 31)]


def test_extraordinary_sitting_adds_a_day_anywhere():
    SittingPeriodFactory(extraordinary=True, starts_on=D(2027, 8, 14))  # a Saturday in summer
    SittingPeriodFactory(extraordinary=True, starts_on=D(2027, 7, 1))  # Canada Day
    SittingPeriodFactory(constituency=True, starts_on=D(2027, 11, 8), ends_on=D(2027, 11, 12))
    SittingPeriodFactory(extraordinary=True, starts_on=D(2027, 11, 9))  # inside a constituency week

    calendar = SittingCalendar.load(D(2027, 7, 1), D(2027, 11, 30))

    assert calendar.sitting_days() == [D(2027, 7, 1), D(2027, 8, 14), D(2027, 11, 9)]
    assert {sitting.kind for sitting in calendar.sittings()} == {SittingPeriodKind.EXTRAORDINARY}


def test_cancellation_removes_one_day():
    SittingPeriodFactory(starts_on=D(2027, 10, 4), ends_on=D(2027, 10, 8))
    SittingPeriodFactory(cancellation=True, starts_on=D(2027, 10, 6))

    assert sitting_days(D(2027, 10, 4), D(2027, 10, 8)) == [D(2027, 10, 5), D(2027, 10, 7)]
    assert not is_sitting_day(D(2027, 10, 6))


def test_cancellation_wins_over_an_extraordinary_sitting_the_same_day():
    SittingPeriodFactory(extraordinary=True, starts_on=D(2027, 8, 14))
    SittingPeriodFactory(cancellation=True, starts_on=D(2027, 8, 14))

    assert not is_sitting_day(D(2027, 8, 14))


def test_range_bounds_are_included_and_periods_beyond_them_ignored():
    SittingPeriodFactory(starts_on=D(2027, 10, 4), ends_on=D(2027, 10, 22))

    assert sitting_days(D(2027, 10, 6), D(2027, 10, 12)) == [D(2027, 10, 6), D(2027, 10, 7), D(2027, 10, 12)]
    assert sitting_days(D(2027, 10, 12), D(2027, 10, 6)) == []


def test_a_calendar_answers_only_for_the_days_it_loaded():
    calendar = SittingCalendar.load(D(2027, 10, 4), D(2027, 10, 8))

    with pytest.raises(ValueError):
        calendar.is_sitting_day(D(2027, 10, 11))


def test_sitting_uids_are_stable():
    SittingPeriodFactory(starts_on=D(2026, 10, 5), ends_on=D(2026, 10, 9))

    (first, *_rest) = SittingCalendar.load(D(2026, 10, 5), D(2026, 10, 9)).sittings()

    assert first.uid == "seance-2026-10-06@courrierparlementaire"
