"""Template filters for the pages that show articles and the register side by side."""

from __future__ import annotations

import datetime
from typing import Any

from django import template

from courrier.parliament.models import Decree, display_date

register = template.Library()


@register.filter
def is_decree(item: Any) -> bool:
    """Whether a search result is a decree (else an article)."""
    return isinstance(item, Decree)


@register.filter
def long_date(day: datetime.date | None) -> str:
    """« 1er février 2026 », as the register prints dates."""
    return display_date(day) if day is not None else ""
