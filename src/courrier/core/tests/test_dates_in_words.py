"""Dates in words, as the OQLF writes them: « 1er » for the first of the month, in Montréal time."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from courrier.core.dates import display_date

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("value", "pattern", "french", "english"),
    [
        (datetime.date(2026, 12, 1), "j F Y", "1er décembre 2026", "1 December 2026"),
        (datetime.date(2026, 12, 1), "l j F Y", "mardi 1er décembre 2026", "Tuesday 1 December 2026"),
        (datetime.date(2026, 12, 1), "j F", "1er décembre", "1 December"),
        (datetime.date(2026, 12, 11), "j F Y", "11 décembre 2026", "11 December 2026"),
        (datetime.date(2026, 1, 21), "j F Y", "21 janvier 2026", "21 January 2026"),
        (datetime.date(2026, 12, 1), "F Y", "décembre 2026", "December 2026"),
        (datetime.datetime(2026, 12, 1, 6, 5, tzinfo=UTC), "j F Y, H:i", "1er décembre 2026, 01:05", None),
        (datetime.datetime(2026, 12, 1, 3, 0, tzinfo=UTC), "j F Y", "30 novembre 2026", None),  # still 22:00
    ],
)
def test_dates_in_words(value, pattern, french, english):
    with translation.override("fr-ca"):
        assert display_date(value, pattern) == french
    if english:
        with translation.override("en"):
            assert display_date(value, pattern) == english


def test_the_template_filter_and_nothing_for_no_date():
    template = Template('{% load dates %}{{ day|in_words }} · {{ none|in_words }} · {{ day|in_words:"l j F" }}')
    with translation.override("fr-ca"):
        rendered = template.render(Context({"day": datetime.date(2027, 10, 1), "none": None}))
    assert rendered == "1er octobre 2027 ·  · vendredi 1er octobre"
