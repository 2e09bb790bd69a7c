"""The Gazette's Partie 2: out on Wednesdays, the day before when Wednesday is a holiday; volume and number proposed."""

from __future__ import annotations

import datetime

import pytest

from courrier.parliament.gazette import (
    gazette_day,
    next_gazette_day,
    probable_issue_number,
    volume_of,
    wednesday_of,
)

D = datetime.date


@pytest.mark.parametrize("day", [D(2026, 2, 2), D(2026, 2, 4), D(2026, 2, 6), D(2026, 2, 8)])
def test_an_ordinary_week_comes_out_on_wednesday(day):
    assert wednesday_of(day) == D(2026, 2, 4)
    assert gazette_day(day) == D(2026, 2, 4)


@pytest.mark.parametrize(
    ("week", "published"),
    [
        (D(2026, 6, 22), D(2026, 6, 23)),  # Fête nationale on Wednesday 24 June 2026
        (D(2026, 6, 29), D(2026, 6, 30)),  # Canada Day on Wednesday 1 July 2026
        (D(2024, 12, 23), D(2024, 12, 24)),  # Christmas on Wednesday 2024
        (D(2025, 1, 1), D(2024, 12, 31)),  # New Year's Day on Wednesday 2025: the Tuesday before, in 2024
    ],
)
def test_a_holiday_wednesday_moves_it_to_the_day_before(week, published):
    assert gazette_day(week) == published


def test_next_gazette_day():
    assert next_gazette_day(D(2026, 2, 4)) == D(2026, 2, 4)
    assert next_gazette_day(D(2026, 2, 5)) == D(2026, 2, 11)
    assert next_gazette_day(D(2026, 6, 22)) == D(2026, 6, 23)
    # On a holiday Wednesday the week's Gazette came out the day before: the next one is the week after.
    assert next_gazette_day(D(2026, 6, 24)) == D(2026, 6, 30)


def test_volume_counts_years_since_1869():
    assert volume_of(1869) == 1
    assert volume_of(2024) == 156
    assert volume_of(2026) == 158


@pytest.mark.parametrize(
    ("day", "number"),
    [
        # Numbers printed on real issues.
        (D(2020, 6, 3), 23),
        (D(2022, 7, 6), 27),
        (D(2016, 11, 30), 48),
        (D(2021, 4, 28), 17),
        (D(2005, 1, 5), 1),
        (D(2026, 1, 7), 1),
        (D(2026, 2, 4), 5),
    ],
)
def test_the_probable_number_is_the_rank_of_the_wednesday(day, number):
    assert probable_issue_number(day) == number
