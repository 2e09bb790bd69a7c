"""The fallback rule that pre-fills a year the Assembly has not tabled yet."""

from __future__ import annotations

import datetime

import pytest

from courrier.parliament.calendar import SittingCalendar, parliamentary_year_bounds
from courrier.parliament.fallback import (
    fallback_periods,
    general_election_day,
    is_general_election_year,
    nth_weekday,
)
from courrier.parliament.models import SittingPeriod, SittingPeriodKind

D = datetime.date
REGULAR, INTENSIVE, CONSTITUENCY = (
    SittingPeriodKind.REGULAR,
    SittingPeriodKind.INTENSIVE,
    SittingPeriodKind.CONSTITUENCY,
)


def spans(year: int) -> list[tuple[str, datetime.date, datetime.date]]:
    return [(period.kind, period.starts_on, period.ends_on) for period in fallback_periods(year)]


def calendar(year: int) -> SittingCalendar:
    periods = [SittingPeriod(kind=p.kind, starts_on=p.starts_on, ends_on=p.ends_on) for p in fallback_periods(year)]
    return SittingCalendar(*parliamentary_year_bounds(year), periods)


def test_a_normal_year():
    assert spans(2027) == [
        # Fall: third Tuesday of September, 10 weeks (one off around 11 November), then 2 intensive.
        (REGULAR, D(2027, 9, 21), D(2027, 11, 25)),
        (CONSTITUENCY, D(2027, 11, 8), D(2027, 11, 12)),
        (INTENSIVE, D(2027, 11, 30), D(2027, 12, 10)),
        # Spring: last Tuesday of January; intensive ends the last Friday on or before 10 June.
        (REGULAR, D(2028, 1, 25), D(2028, 5, 25)),
        (CONSTITUENCY, D(2028, 3, 6), D(2028, 3, 10)),  # school spring break
        (CONSTITUENCY, D(2028, 4, 17), D(2028, 4, 21)),  # Easter Monday's week
        (INTENSIVE, D(2028, 5, 30), D(2028, 6, 9)),
    ]


def test_a_normal_year_matches_the_assemblys_2024_2025_calendar_where_the_rule_comes_from():
    periods = spans(2024)
    assert periods[0][1] == D(2024, 9, 17)  # fall opened Tuesday 17 September 2024
    assert periods[2][2] == D(2024, 12, 6)  # and adjourned Friday 6 December
    assert periods[3][1] == D(2025, 1, 28)  # spring opened Tuesday 28 January 2025
    assert periods[6][2] == D(2025, 6, 6)  # and adjourned Friday 6 June


def test_sitting_days_of_a_normal_year():
    sittings = calendar(2027).sittings()
    fall = [s for s in sittings if s.day.year == 2027]
    spring = [s for s in sittings if s.day.year == 2028]

    assert len(fall) == 9 * 3 + 2 * 4
    assert len([s for s in fall if s.kind == INTENSIVE]) == 8
    # 16 regular weeks in spring; Good Friday (14 April 2028) is not a regular sitting day anyway.
    assert len(spring) == 16 * 3 + 2 * 4
    assert sittings[0].day == D(2027, 9, 21)
    assert sittings[-1].day == D(2028, 6, 9)


@pytest.mark.parametrize("year", [2018, 2022, 2026, 2030])
def test_general_election_years_are_the_fixed_date_ones(year):
    assert is_general_election_year(year)
    assert general_election_day(year) == nth_weekday(year, 10, 0, 1)


def test_the_fixed_date_elections():
    assert general_election_day(2022) == D(2022, 10, 3)
    assert general_election_day(2026) == D(2026, 10, 5)
    assert general_election_day(2030) == D(2030, 10, 7)
    assert not any(is_general_election_year(year) for year in (2014, 2023, 2024, 2025, 2027, 2028, 2029))


def test_an_election_year_has_no_fall_sittings_until_the_assembly_is_convened():
    periods = fallback_periods(2026)

    assert all(period.starts_on.year == 2027 for period in periods)
    assert spans(2026) == [
        (REGULAR, D(2027, 1, 26), D(2027, 5, 20)),
        (CONSTITUENCY, D(2027, 3, 1), D(2027, 3, 5)),
        (CONSTITUENCY, D(2027, 3, 29), D(2027, 4, 2)),
        (INTENSIVE, D(2027, 5, 25), D(2027, 6, 4)),
    ]
    assert not [s for s in calendar(2026).sittings() if s.day.year == 2026]


def test_the_spring_before_an_election_sits_as_usual():
    assert [kind for kind, *_days in spans(2025)] == [
        REGULAR,
        CONSTITUENCY,
        INTENSIVE,
        REGULAR,
        CONSTITUENCY,
        CONSTITUENCY,
        INTENSIVE,
    ]


@pytest.mark.parametrize("year", range(2020, 2061))
def test_the_rule_holds_every_year(year):
    periods = fallback_periods(year)
    regular = [p for p in periods if p.kind == REGULAR]
    intensive = [p for p in periods if p.kind == INTENSIVE]
    weeks_off = [p for p in periods if p.kind == CONSTITUENCY]

    for period in regular + intensive:
        assert period.starts_on.weekday() == 1  # a Tuesday
    assert all(p.ends_on.weekday() == 3 for p in regular)  # a Thursday
    assert all(p.ends_on.weekday() == 4 for p in intensive)  # a Friday
    # Every week off falls inside a regular period, Monday to Friday.
    for week in weeks_off:
        assert week.starts_on.weekday() == 0 and week.ends_on - week.starts_on == datetime.timedelta(days=4)
        assert any(p.starts_on <= week.starts_on and week.ends_on <= p.ends_on for p in regular)
    spring_intensive = intensive[-1]
    second_friday_of_june = nth_weekday(year + 1, 6, 4, 2)
    assert spring_intensive.ends_on <= second_friday_of_june
    assert spring_intensive.ends_on.month == 6 and spring_intensive.ends_on.day <= 10
    assert spring_intensive.ends_on - spring_intensive.starts_on == datetime.timedelta(days=10)
    spring_regular = regular[-1]
    spring_weeks = (spring_intensive.starts_on - spring_regular.starts_on).days // 7
    assert spring_weeks in (17, 18)
    if not is_general_election_year(year):
        fall_regular, fall_intensive = regular[0], intensive[0]
        assert fall_regular.starts_on == nth_weekday(year, 9, 1, 3)
        assert (fall_intensive.starts_on - fall_regular.starts_on).days == 70  # 10 weeks
        assert fall_intensive.ends_on <= D(year, 12, 10)
    else:
        assert len(regular) == len(intensive) == 1
