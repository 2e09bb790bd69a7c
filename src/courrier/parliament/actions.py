"""Changes to the parliament app: the calendar (entering a period, pre-filling a year from the fallback
rule) and the register (Gazette issues, decrees, members' roles).

Register changes are validated as the admin forms validate them and raise `ValidationError`
with French messages; nothing is saved when they do.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from courrier.parliament.calendar import FIRST_YEAR, LAST_YEAR, parliamentary_year_bounds, parliamentary_year_label
from courrier.parliament.decree_numbers import DecreeNumber, DecreeNumberError, parse_decree_number
from courrier.parliament.fallback import FALLBACK_NOTE, PlannedPeriod, fallback_periods
from courrier.parliament.models import (
    Decree,
    DecreeCategory,
    GazetteIssue,
    GazettePart,
    Member,
    MemberRole,
    MemberRoleKind,
    Ministry,
    PartTwoSection,
    SittingPeriod,
    SittingPeriodKind,
)


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


# Register ------------------------------------------------------------------------------------


@transaction.atomic
def add_gazette_issue(
    *,
    published_on: datetime.date,
    volume: int,
    number: int,
    part: GazettePart = GazettePart.LAWS_AND_REGULATIONS,
) -> GazetteIssue:
    """Enter one issue as printed (`ValidationError` when invalid or already entered)."""
    issue = GazetteIssue(part=part, published_on=published_on, volume=volume, number=number)
    issue.full_clean()
    issue.save()
    return issue


@transaction.atomic
def add_decree(
    *,
    number: DecreeNumber | str,
    made_on: datetime.date,
    title: str,
    category: DecreeCategory,
    ministries: Sequence[Ministry],
    enabling_statute: str = "",
    full_text: str = "",
    page_count: int | None = None,
    gazette_issue: GazetteIssue | None = None,
    page: int | None = None,
    section: PartTwoSection | str = "",
) -> Decree:
    """Enter one decree, unpublished, recommended by `ministries` (`ValidationError` when invalid)."""
    if isinstance(number, str):
        try:
            number = parse_decree_number(number)
        except DecreeNumberError as error:
            raise ValidationError({"number": str(error)}) from error
    if not ministries:
        raise ValidationError({"ministries": _("Indiquez au moins un ministère recommandant.")})
    decree = Decree(
        number=number.number,
        year=number.year,
        made_on=made_on,
        title=title,
        category=category,
        enabling_statute=enabling_statute,
        full_text=full_text,
        page_count=page_count,
        gazette_issue=gazette_issue,
        page=page,
        section=section,
    )
    decree.full_clean()
    decree.save()
    decree.ministries.set(ministries)
    return decree


@transaction.atomic
def assign_member_role(
    *,
    member: Member,
    kind: MemberRoleKind,
    started_on: datetime.date,
    ministry: Ministry | None = None,
    title: str = "",
    ended_on: datetime.date | None = None,
) -> MemberRole:
    """Record a role a member holds from `started_on` (`ValidationError` when the dates are inverted)."""
    role = MemberRole(
        member=member, kind=kind, ministry=ministry, title=title, started_on=started_on, ended_on=ended_on
    )
    role.full_clean()
    role.save()
    return role


@transaction.atomic
def end_member_role(*, role: MemberRole, last_day: datetime.date) -> MemberRole:
    """Close a role on its last day (included); refused before it starts."""
    role.ended_on = last_day
    role.full_clean()
    role.save(update_fields=["ended_on"])
    return role
