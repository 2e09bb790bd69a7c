"""Québec's statutory holidays: the `holidays` package checked against Québec law, weekend substitutes above all.

Québec law moves two holidays falling on a Sunday: 24 June to 25 June (National
Holiday Act) and 1 July to 2 July (Act respecting labour standards, s. 60). It moves
no other, and none falling on a Saturday. The package also moves 1 January and
25 December to the next Monday: those substitutes are dropped.
"""

from __future__ import annotations

import datetime

import holidays
import pytest
from django.test import override_settings
from django.utils import translation

from courrier.parliament.calendar import is_statutory_holiday, quebec_holidays

D = datetime.date


def test_a_year_without_substitutes_has_the_eight_holidays_of_quebec_law():
    assert list(quebec_holidays(2026)) == [
        D(2026, 1, 1),
        D(2026, 4, 3),  # Good Friday
        D(2026, 5, 18),  # Journée nationale des patriotes: the Monday before 25 May
        D(2026, 6, 24),
        D(2026, 7, 1),
        D(2026, 9, 7),  # Labour Day
        D(2026, 10, 12),  # Thanksgiving
        D(2026, 12, 25),
    ]


@pytest.mark.parametrize("year", [2018, 2029])
def test_fete_nationale_and_canada_day_on_a_sunday_are_observed_the_monday(year):
    assert D(year, 6, 24).weekday() == 6 and D(year, 7, 1).weekday() == 6
    days = quebec_holidays(year)

    assert D(year, 6, 25) in days
    assert D(year, 7, 2) in days
    assert is_statutory_holiday(D(year, 6, 25))
    assert is_statutory_holiday(D(year, 7, 2))
    assert len(days) == 10


@pytest.mark.parametrize("year", [2023, 2028])
def test_fete_nationale_and_canada_day_on_a_saturday_are_not_moved(year):
    assert D(year, 6, 24).weekday() == 5 and D(year, 7, 1).weekday() == 5

    assert not is_statutory_holiday(D(year, 6, 26))
    assert not is_statutory_holiday(D(year, 7, 3))


@pytest.mark.parametrize(
    ("holiday", "package_substitute"),
    [
        (D(2023, 1, 1), D(2023, 1, 2)),  # Sunday
        (D(2022, 1, 1), D(2022, 1, 3)),  # Saturday
        (D(2022, 12, 25), D(2022, 12, 26)),  # Sunday
        (D(2027, 12, 25), D(2027, 12, 27)),  # Saturday
    ],
)
def test_new_year_and_christmas_are_not_moved_in_quebec(holiday, package_substitute):
    package = holidays.country_holidays("CA", subdiv="QC", years=holiday.year)
    # What the package does (Canada-wide rule), kept here to notice if a new version changes it.
    assert package_substitute in package

    assert is_statutory_holiday(holiday)
    assert not is_statutory_holiday(package_substitute)


def test_package_substitutes_for_fete_nationale_and_canada_day_match_quebec_law():
    for year in range(2000, 2061):
        package = holidays.country_holidays("CA", subdiv="QC", years=year)
        ours = quebec_holidays(year)
        for day in (D(year, 6, 25), D(year, 7, 2)):
            assert (day in package) == (day in ours), day


def test_remembrance_day_and_boxing_day_are_not_holidays_in_quebec():
    assert not is_statutory_holiday(D(2027, 11, 11))
    assert not is_statutory_holiday(D(2027, 12, 26))
    assert not is_statutory_holiday(D(2027, 9, 30))  # federal Truth and Reconciliation day


def test_easter_monday_only_when_the_publisher_chooses_it():
    assert not is_statutory_holiday(D(2027, 3, 29))
    with override_settings(COURRIER_PARLIAMENT={"EASTER_MONDAY_IS_HOLIDAY": True}):
        assert is_statutory_holiday(D(2027, 3, 29))
        assert is_statutory_holiday(D(2027, 3, 26))  # Good Friday stays


def test_names_follow_the_active_language():
    with translation.override("fr-ca"):
        assert quebec_holidays(2029)[D(2029, 6, 24)] == "Fête nationale du Québec"
        assert quebec_holidays(2029)[D(2029, 6, 25)].startswith("Fête nationale du Québec")
    with translation.override("en"):
        assert quebec_holidays(2029)[D(2029, 7, 1)] == "Canada Day"


def test_the_holidays_returned_cannot_be_changed_by_a_caller():
    with pytest.raises(TypeError):
        quebec_holidays(2027)[D(2027, 3, 3)] = "Fête inventée"  # type: ignore[index]
