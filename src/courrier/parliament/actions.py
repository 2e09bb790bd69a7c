"""Changes to the parliamentary calendar: entering a period, pre-filling a year from the fallback rule."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from courrier.parliament.calendar import FIRST_YEAR, LAST_YEAR, parliamentary_year_bounds, parliamentary_year_label
from courrier.parliament.fallback import FALLBACK_NOTE, PlannedPeriod, fallback_periods
from courrier.parliament.models import SittingPeriod, SittingPeriodKind


class CalendarError(Exception):
    """A change refused; the message is for the editor, in French, and nothing has changed."""


@dataclass(frozen=True)
class PrefillResult:
    year: int
    created: list[SittingPeriod]
    deleted: int

    @property
    def changed(self) -> bool:
        return bool(self.created or self.deleted)


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(
            _("L'année doit être comprise entre %(first)d et %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        )


@transaction.atomic
def add_sitting_period(
    *,
    kind: SittingPeriodKind,
    starts_on: datetime.date,
    ends_on: datetime.date,
    label: str = "",
    notes: str = "",
) -> SittingPeriod:
    """Enter one period, validated as the admin form validates it (`ValidationError` otherwise)."""
    period = SittingPeriod(kind=kind, starts_on=starts_on, ends_on=ends_on, label=label, notes=notes)
    period.full_clean()
    period.save()
    return period


def _same_periods(existing: list[SittingPeriod], planned: list[PlannedPeriod]) -> bool:
    def key(kind: str, starts_on: datetime.date, ends_on: datetime.date) -> tuple[str, datetime.date, datetime.date]:
        return (str(kind), starts_on, ends_on)

    return sorted(key(p.kind, p.starts_on, p.ends_on) for p in existing) == sorted(
        key(p.kind, p.starts_on, p.ends_on) for p in planned
    )


@transaction.atomic
def prefill_parliamentary_year(year: int, *, overwrite: bool = False) -> PrefillResult:
    """Enter the fallback rule's periods for the parliamentary year beginning in September of `year`.

    Idempotent: when the year already holds exactly these periods nothing changes.
    When it holds others (entered by editors), it refuses unless `overwrite`, which
    replaces every period overlapping the year with the fallback's.
    """
    check_year(year)
    start, end = parliamentary_year_bounds(year)
    existing = list(SittingPeriod.objects.select_for_update().overlapping(start, end))
    planned = fallback_periods(year)
    if _same_periods(existing, planned):
        return PrefillResult(year=year, created=[], deleted=0)
    if existing and not overwrite:
        raise CalendarError(
            _(
                "L'année parlementaire %(year)s contient déjà %(count)d période(s) saisie(s) : "
                "rien n'a été modifié. Pour les remplacer par la règle par défaut, demandez-le explicitement."
            )
            % {"year": parliamentary_year_label(year), "count": len(existing)}
        )
    deleted = 0
    if existing:
        deleted, _by_model = SittingPeriod.objects.filter(pk__in=[p.pk for p in existing]).delete()
    created = [
        add_sitting_period(
            kind=plan.kind, starts_on=plan.starts_on, ends_on=plan.ends_on, label=plan.label, notes=FALLBACK_NOTE
        )
        for plan in planned
    ]
    return PrefillResult(year=year, created=created, deleted=deleted)
