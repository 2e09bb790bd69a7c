"""Sitting days of the National Assembly and Québec's statutory holidays.

A day is a sitting day when, in this order of precedence:

1. a cancellation (*séance annulée*) on that day: no sitting;
2. an extraordinary sitting (*séance extraordinaire*) on that day: a sitting,
   whatever the weekday, holiday or week;
3. a Québec statutory holiday: no sitting;
4. a constituency week (*semaine de circonscription*) covers it: no sitting;
5. an intensive period (*travaux intensifs*) covers it: a sitting Tuesday to Friday;
6. a regular period covers it: a sitting Tuesday to Thursday;
7. otherwise no sitting.

Periods are read once per call (`SittingCalendar.load`: one query for the
range), never once per day; holidays come from the `holidays` package,
computed once per year and kept in the process.

Statutory holidays are those of Québec's Act respecting labour standards
(s. 60) and National Holiday Act: 1 January, Good Friday, the Monday before
25 May, 24 June, 1 July, Labour Day, Thanksgiving, 25 December. Québec law
moves only two of them when they fall on a Sunday: 24 June to 25 June, and
1 July to 2 July. The `holidays` package (0.109) moves those two the same
way, but also moves 1 January and 25 December falling on a Saturday or a
Sunday to the next Monday (Canada-wide rule): Québec law has no such
substitute, so those are left out here.

A parliamentary year runs from 1 September to 31 August and is named after
the year it begins in: the 2026 parliamentary year is 2026-09-01 → 2027-08-31.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import holidays
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from courrier.parliament import app_settings
from courrier.parliament.models import SittingPeriod, SittingPeriodKind

TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SUNDAY = 1, 2, 3, 4, 6
REGULAR_WEEKDAYS = frozenset({TUESDAY, WEDNESDAY, THURSDAY})
INTENSIVE_WEEKDAYS = frozenset({TUESDAY, WEDNESDAY, THURSDAY, FRIDAY})
# Years the calendar answers for: far enough for the archive and the next decades,
# near enough that every date arithmetic stays valid.
FIRST_YEAR = 1990
LAST_YEAR = 2100
ONE_DAY = datetime.timedelta(days=1)


def parliamentary_year_of(day: datetime.date) -> int:
    """The parliamentary year `day` belongs to, named after the year it begins in."""
    return day.year if day.month >= 9 else day.year - 1


def parliamentary_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the parliamentary year beginning in September of `year`."""
    return datetime.date(year, 9, 1), datetime.date(year + 1, 8, 31)


def parliamentary_year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def days_between(start: datetime.date, end: datetime.date) -> Iterable[datetime.date]:
    day = start
    while day <= end:
        yield day
        day += ONE_DAY


# Holidays ------------------------------------------------------------------------------------


def _package_language() -> str:
    return "fr" if (get_language() or "fr").startswith("fr") else "en_CA"


@functools.lru_cache(maxsize=256)
def _holidays(year: int, language: str, easter_monday: bool) -> Mapping[datetime.date, str]:
    # observed=False: the package's own substitutes follow Canada-wide rules (see the module docstring).
    found = holidays.country_holidays("CA", subdiv="QC", years=year, observed=False, language=language)
    days: dict[datetime.date, str] = dict(found.items())
    for month, day in ((6, 24), (7, 1)):
        holiday = datetime.date(year, month, day)
        if holiday.weekday() == SUNDAY:
            days[holiday + ONE_DAY] = _("%(holiday)s (reportée au lundi)") % {"holiday": days[holiday]}
    if easter_monday:
        optional = holidays.country_holidays(
            "CA", subdiv="QC", years=year, observed=False, language=language, categories=("optional",)
        )
        days.update({day: name for day, name in optional.items() if day not in days})
    return MappingProxyType(dict(sorted(days.items())))


def quebec_holidays(year: int) -> Mapping[datetime.date, str]:
    """Québec's statutory holidays in `year`, by date, named in the active language (read-only)."""
    return _holidays(year, _package_language(), app_settings.easter_monday_is_holiday())


def is_statutory_holiday(day: datetime.date) -> bool:
    return day in quebec_holidays(day.year)


# Sitting days --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SittingDay:
    day: datetime.date
    kind: SittingPeriodKind  # REGULAR, INTENSIVE or EXTRAORDINARY

    @property
    def uid(self) -> str:
        """Stable identifier of this day's sitting, for calendar feeds."""
        return f"seance-{self.day.isoformat()}@courrierparlementaire"


class SittingCalendar:
    """The sitting days between `start` and `end` (both included), from periods read once."""

    def __init__(self, start: datetime.date, end: datetime.date, periods: Iterable[SittingPeriod]) -> None:
        if end < start:
            raise ValueError("end must not precede start")
        self.start = start
        self.end = end
        self.periods = [period for period in periods if period.starts_on <= end and period.ends_on >= start]

    @classmethod
    def load(cls, start: datetime.date, end: datetime.date) -> SittingCalendar:
        """One query: the periods overlapping the range."""
        return cls(start, end, SittingPeriod.objects.overlapping(start, end))

    @functools.cached_property
    def _days(self) -> dict[datetime.date, SittingDay]:
        covering: dict[datetime.date, set[str]] = {}
        for period in self.periods:
            for day in days_between(max(period.starts_on, self.start), min(period.ends_on, self.end)):
                covering.setdefault(day, set()).add(period.kind)
        sittings: dict[datetime.date, SittingDay] = {}
        for day, kinds in sorted(covering.items()):
            kind = self._kind_of(day, kinds)
            if kind is not None:
                sittings[day] = SittingDay(day, kind)
        return sittings

    @staticmethod
    def _kind_of(day: datetime.date, kinds: set[str]) -> SittingPeriodKind | None:
        if SittingPeriodKind.CANCELLATION in kinds:
            return None
        if SittingPeriodKind.EXTRAORDINARY in kinds:
            return SittingPeriodKind.EXTRAORDINARY
        if is_statutory_holiday(day) or SittingPeriodKind.CONSTITUENCY in kinds:
            return None
        if SittingPeriodKind.INTENSIVE in kinds and day.weekday() in INTENSIVE_WEEKDAYS:
            return SittingPeriodKind.INTENSIVE
        if SittingPeriodKind.REGULAR in kinds and day.weekday() in REGULAR_WEEKDAYS:
            return SittingPeriodKind.REGULAR
        return None

    def sitting_on(self, day: datetime.date) -> SittingDay | None:
        if not self.start <= day <= self.end:
            raise ValueError(f"{day} is outside the loaded range {self.start} → {self.end}")
        return self._days.get(day)

    def is_sitting_day(self, day: datetime.date) -> bool:
        return self.sitting_on(day) is not None

    def sittings(self) -> list[SittingDay]:
        return list(self._days.values())

    def sitting_days(self) -> list[datetime.date]:
        return list(self._days)


def is_sitting_day(day: datetime.date) -> bool:
    """Whether the Assembly sits on `day` (one query)."""
    return SittingCalendar.load(day, day).is_sitting_day(day)


def sitting_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The Assembly's sitting days from `start` to `end`, both included, in order (one query)."""
    if end < start:
        return []
    return SittingCalendar.load(start, end).sitting_days()


def parliamentary_year_sittings(year: int) -> list[SittingDay]:
    """Every sitting of the parliamentary year beginning in September of `year` (one query)."""
    return SittingCalendar.load(*parliamentary_year_bounds(year)).sittings()
