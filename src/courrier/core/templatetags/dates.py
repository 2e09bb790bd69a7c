"""`{{ day|in_words }}`, `{{ moment|in_words:"l j F Y, H:i" }}`: dates in words, « 1er » for the first of the month."""

from __future__ import annotations

import datetime

from django import template

from courrier.core.dates import display_date

register = template.Library()


@register.filter
def in_words(value: datetime.date | datetime.datetime | None, pattern: str = "j F Y") -> str:
    return display_date(value, pattern) if value else ""
