"""Dates in words, as the Office québécois de la langue française writes them: « 1er décembre 2026 »."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

FIRST_DAY = re.compile(r"(?<![\d:])1(?![\d:])")


def display_date(value: datetime.date | datetime.datetime, pattern: str = "j F Y") -> str:
    """A date (or a moment, in Montréal time) in words, in the active language; French writes the first of
    the month « 1er »."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = date_format(value, pattern)
    if value.day == 1 and "j" in pattern and (get_language() or "fr").startswith("fr"):
        text = FIRST_DAY.sub("1er", text, count=1)
    return text
