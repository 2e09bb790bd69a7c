"""Dates in words, as the register and the calendar print them."""

from __future__ import annotations

import datetime

from django.utils.formats import date_format
from django.utils.translation import get_language


def display_date(day: datetime.date, pattern: str = "j F Y") -> str:
    """A date in words, in the active language; French writes the first of the month « 1er »."""
    text = date_format(day, pattern)
    if day.day == 1 and (get_language() or "fr").startswith("fr"):
        text = text.replace("1 ", "1er ", 1) if pattern.startswith("j") else text.replace(" 1 ", " 1er ", 1)
    return text
