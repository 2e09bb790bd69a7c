"""`{{ organization|of_name }}`, `{{ organization|to_name }}`, `{{ organization|with_article }}`: see core.wording."""

from __future__ import annotations

from django import template

from courrier.core import wording

register = template.Library()


@register.filter
def of_name(value: object) -> str:
    return wording.of_name(str(value))


@register.filter
def to_name(value: object) -> str:
    return wording.to_name(str(value))


@register.filter
def with_article(value: object) -> str:
    return wording.with_article(str(value))


@register.simple_tag
def colon() -> str:
    """A colon after a label, as the language writes it: « Téléphone : » in French, "Phone:" in English."""
    return wording.colon()
