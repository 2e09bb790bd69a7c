"""Dates in words, as the register and the calendar print them (the implementation is core's)."""

from courrier.core.dates import display_date

__all__ = ["display_date"]
