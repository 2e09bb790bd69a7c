"""Changes to the parliament app: the calendar (entering a period, pre-filling a year from the fallback
rule), the register (Gazette issues, decrees, members' roles) and the intake of decrees in bulk
(an issue's decrees entered on one screen, files imported).

Register changes are validated as the admin forms validate them and raise `ValidationError`
with French messages; intake raises `IntakeRefused` with one French message per problem row.
Nothing is saved when they do.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from courrier.accounts.models import User
from courrier.parliament.calendar import FIRST_YEAR, LAST_YEAR, parliamentary_year_bounds, parliamentary_year_label
from courrier.parliament.decree_numbers import DecreeNumber, DecreeNumberError, parse_decree_number
from courrier.parliament.fallback import FALLBACK_NOTE, PlannedPeriod, fallback_periods
from courrier.parliament.imports import DecreeRow, Existing, GazetteRef, ImportPlan, Outcome, RowError, plan_import
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
    pdf_url: str = "",
) -> GazetteIssue:
    """Enter one issue as printed (`ValidationError` when invalid or already entered)."""
    issue = GazetteIssue(part=part, published_on=published_on, volume=volume, number=number, pdf_url=pdf_url)
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
    summary: str = "",
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
        summary=summary,
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


# Intake --------------------------------------------------------------------------------------


class IntakeRefused(Exception):
    """Decrees refused as a whole: `errors` say why, row by row, in French; nothing has been saved."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class IntakeResult:
    created: list[Decree] = field(default_factory=list)
    updated: list[Decree] = field(default_factory=list)
    unchanged: int = 0
    issues_created: list[GazetteIssue] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.issues_created)


def _change_decree(decree: Decree, changes: Mapping[str, Any]) -> Decree:
    """Replace what an import gives differently; validated as the admin form validates it."""
    for name, value in changes.items():
        if name != "ministries":
            setattr(decree, name, value)
    decree.full_clean()
    decree.save()
    if "ministries" in changes:
        decree.ministries.set(changes["ministries"])
    return decree


def _carry_out(plan: ImportPlan, *, by: User | None) -> IntakeResult:
    if plan.errors:
        raise IntakeRefused(plan.errors)
    issues: dict[object, GazetteIssue] = {}
    for ref in plan.new_issues:
        assert ref.published_on is not None and ref.volume is not None and ref.number is not None  # planned so
        issue = add_gazette_issue(published_on=ref.published_on, volume=ref.volume, number=ref.number)
        log(instance=issue, action="wagtail.create", user=by)
        issues[ref.printed] = issue

    def resolved(target: GazetteIssue | GazetteRef | None) -> GazetteIssue | None:
        return issues[target.printed] if isinstance(target, GazetteRef) else target

    created: list[Decree] = []
    updated: list[Decree] = []
    for index, planned in enumerate(plan.rows):
        row = planned.row
        try:
            if planned.outcome == Outcome.CREATE:
                decree = add_decree(
                    number=row.number,
                    made_on=row.made_on,
                    title=row.title,
                    category=row.category,
                    ministries=planned.ministries,
                    enabling_statute=row.enabling_statute or "",
                    summary=row.summary or "",
                    full_text=row.full_text or "",
                    page_count=row.page_count,
                    gazette_issue=resolved(planned.issue),
                    page=row.page,
                    section=row.section or "",
                )
                log(instance=decree, action="wagtail.create", user=by)
                created.append(decree)
            elif planned.outcome == Outcome.UPDATE:
                assert planned.existing is not None  # an update is of a decree entered
                changes = dict(planned.changes)
                if "gazette_issue" in changes:
                    changes["gazette_issue"] = resolved(changes["gazette_issue"])
                decree = _change_decree(planned.existing, changes)
                log(instance=decree, action="wagtail.edit", user=by)
                updated.append(decree)
        except ValidationError as error:  # what the plan could not see: another editor entered it meanwhile
            raise IntakeRefused([RowError(row.where, " ".join(error.messages), index=index)]) from error
    return IntakeResult(
        created=created,
        updated=updated,
        unchanged=plan.count(Outcome.UNCHANGED),
        issues_created=list(issues.values()),
    )


@transaction.atomic
def import_decrees(
    *,
    rows: Sequence[DecreeRow],
    issue: GazetteIssue | None = None,
    update: bool = False,
    by: User | None,
) -> IntakeResult:
    """Enter the decrees of an imported file, all or none (`IntakeRefused` when any row is refused).

    Rows naming no Gazette issue go to `issue`. A decree already entered with the same data is
    left alone, so importing a file twice changes nothing; with different data it is refused,
    unless `update`, which replaces what the row gives (empty cells never erase anything).
    Issues the rows name by date, volume and number are created when not yet entered.
    """
    plan = plan_import(rows, issue=issue, existing=Existing.UPDATE if update else Existing.KEEP_IDENTICAL)
    return _carry_out(plan, by=by)


@transaction.atomic
def enter_issue_decrees(*, issue: GazetteIssue, rows: Sequence[DecreeRow], by: User | None) -> list[Decree]:
    """Enter new decrees published in `issue`, all or none (`IntakeRefused` when any row is refused)."""
    plan = plan_import(rows, issue=issue, existing=Existing.REFUSE)
    return _carry_out(plan, by=by).created
