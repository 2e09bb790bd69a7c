"""Sitting days are computed from the periods read once: the query count never grows with the range."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courrier.parliament.actions import prefill_parliamentary_year
from courrier.parliament.calendar import SittingCalendar, is_sitting_day, sitting_days
from courrier.parliament.factories import SittingPeriodFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def queries_for(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured.captured_queries), result


def test_a_year_of_sitting_days_takes_one_query():
    prefill_parliamentary_year(2027)
    for day in (6, 13, 20):
        SittingPeriodFactory(cancellation=True, starts_on=D(2027, 10, day))

    count, days = queries_for(lambda: sitting_days(D(2027, 9, 1), D(2028, 8, 31)))

    assert count == 1
    assert len(days) == 88


def test_the_count_stays_the_same_over_ten_years():
    for year in range(2027, 2037):
        prefill_parliamentary_year(year)

    count, days = queries_for(lambda: sitting_days(D(2027, 9, 1), D(2037, 8, 31)))

    assert count == 1
    assert len(days) > 700


def test_is_sitting_day_takes_one_query():
    prefill_parliamentary_year(2027)

    count, answer = queries_for(lambda: is_sitting_day(D(2027, 9, 21)))

    assert count == 1
    assert answer is True


def test_a_loaded_calendar_answers_every_day_without_another_query():
    prefill_parliamentary_year(2027)
    calendar = SittingCalendar.load(D(2027, 9, 1), D(2028, 8, 31))

    count, answers = queries_for(
        lambda: [calendar.is_sitting_day(D(2027, 9, 1) + datetime.timedelta(days=n)) for n in range(366)]
    )

    assert count == 0
    assert sum(answers) == 91
