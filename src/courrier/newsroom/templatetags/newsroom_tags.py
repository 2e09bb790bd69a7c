"""Template filters for the pages that show articles and the register side by side."""

from __future__ import annotations

from typing import Any

from django import template

from courrier.parliament.models import Decree

register = template.Library()


@register.filter
def is_decree(item: Any) -> bool:
    """Whether a search result is a decree (else an article)."""
    return isinstance(item, Decree)
