"""Demo calendar for the embedded default: the current parliamentary year, as editors would enter it."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from courrier.parliament.actions import add_sitting_period, prefill_parliamentary_year
from courrier.parliament.calendar import parliamentary_year_bounds, parliamentary_year_of
from courrier.parliament.fallback import TUESDAY, is_general_election_year, last_weekday_on_or_before
from courrier.parliament.models import SittingPeriod, SittingPeriodKind

CONVENED_NOTE = "Législature convoquée après l'élection générale."


def convened_fall(year: int) -> list[tuple[SittingPeriodKind, datetime.date, datetime.date, str]]:
    """After a general election: convened the last Tuesday of November, one regular week, two intensive ones.

    In 2026 (election on 5 October): regular 24 to 26 November, intensive 1 to 11 December.
    """
    opening = last_weekday_on_or_before(datetime.date(year, 11, 30), TUESDAY)
    intensive = opening + datetime.timedelta(weeks=1)
    return [
        (
            SittingPeriodKind.REGULAR,
            opening,
            opening + datetime.timedelta(days=2),
            f"Automne {year} — travaux réguliers",
        ),
        (
            SittingPeriodKind.INTENSIVE,
            intensive,
            intensive + datetime.timedelta(weeks=1, days=3),
            f"Automne {year} — travaux intensifs",
        ),
    ]


def load_demo_calendar() -> list[SittingPeriod]:
    """Enters the current parliamentary year once; a year already holding periods is left alone."""
    year = parliamentary_year_of(timezone.localdate())
    start, end = parliamentary_year_bounds(year)
    existing = SittingPeriod.objects.overlapping(start, end)
    if existing.exists():
        return list(existing)
    with transaction.atomic():
        periods = prefill_parliamentary_year(year).created
        if is_general_election_year(year):
            periods += [
                add_sitting_period(kind=kind, starts_on=starts_on, ends_on=ends_on, label=label, notes=CONVENED_NOTE)
                for kind, starts_on, ends_on, label in convened_fall(year)
            ]
    return sorted(periods, key=lambda period: (period.starts_on, period.kind))
