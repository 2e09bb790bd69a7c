"""The fallback rule: a plausible calendar for a parliamentary year the Assembly has not tabled yet.

Editors enter the real calendar each June; until then (or to start from
something) `actions.prefill_parliamentary_year(year)` enters these periods for
the parliamentary year beginning in September of `year`. Weeks run Monday to
Sunday; periods are entered from their first to their last sitting day.

Fall (September to December of `year`)
    Regular sittings (Tuesday to Thursday) from the third Tuesday of September,
    for 10 weeks; the week containing 11 November (Remembrance Day) is a
    constituency week, so 9 of the 10 weeks sit. Then 2 weeks of intensive
    sittings (*travaux intensifs*, Tuesday to Friday). The fall therefore ends on
    the Friday of its 12th week, between 4 and 10 December: within the
    standing orders' 10 December limit.

    In a general-election year no fall period is entered: the Assembly sits
    again only once the new legislature is convened, at a date the government
    announces after the election; editors enter it then. Québec's general
    elections fall on the first Monday of October every four years since the
    fixed-date law (2018, 2022, 2026, 2030…).

Spring (January to June of `year + 1`)
    Regular sittings from the last Tuesday of January. The intensive part is
    the last 2 weeks, from a Tuesday to the last Friday on or before 10 June
    (the standing orders' limit), which is always on or before the second
    Friday of June. The regular part ends on the Thursday before the intensive
    part begins: 17 or 18 weeks, two of which are constituency weeks:

    - the week beginning on the first Monday of March (*semaine de relâche*,
      the school spring break of most school service centres);
    - the week beginning on Easter Monday.

Every date is derived from `year` alone; no holiday moves a period (holidays
only remove the sitting days they fall on, by `calendar`'s rules).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import holidays

from courrier.parliament.models import SittingPeriodKind

MONDAY, TUESDAY, THURSDAY, FRIDAY = 0, 1, 3, 4
FIRST_FIXED_ELECTION_YEAR = 2018
FALL_REGULAR_WEEKS = 10
INTENSIVE_WEEKS = 2
SPRING_LAST_DAY = 10  # of June
FALLBACK_NOTE = "Prérempli selon la règle par défaut ; à remplacer par le calendrier adopté par l'Assemblée."


@dataclass(frozen=True)
class PlannedPeriod:
    kind: SittingPeriodKind
    starts_on: datetime.date
    ends_on: datetime.date
    label: str


def nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    """The `n`th `weekday` (0 = Monday) of the month, counting from 1."""
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def last_weekday_on_or_before(day: datetime.date, weekday: int) -> datetime.date:
    return day - datetime.timedelta(days=(day.weekday() - weekday) % 7)


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def general_election_day(year: int) -> datetime.date | None:
    """The fixed date of Québec's general election in `year`, if one falls that year."""
    if year < FIRST_FIXED_ELECTION_YEAR or (year - FIRST_FIXED_ELECTION_YEAR) % 4:
        return None
    return nth_weekday(year, 10, MONDAY, 1)


def is_general_election_year(year: int) -> bool:
    return general_election_day(year) is not None


def easter_monday(year: int) -> datetime.date:
    found = holidays.country_holidays("CA", subdiv="QC", years=year, language="en_CA", categories=("optional",))
    return next(day for day, name in found.items() if name == "Easter Monday")


def fall_periods(year: int) -> list[PlannedPeriod]:
    if is_general_election_year(year):
        return []
    opening = nth_weekday(year, 9, TUESDAY, 3)
    first_monday = monday_of(opening)
    intensive_monday = first_monday + datetime.timedelta(weeks=FALL_REGULAR_WEEKS)
    remembrance_monday = monday_of(datetime.date(year, 11, 11))
    return [
        PlannedPeriod(
            SittingPeriodKind.REGULAR,
            opening,
            intensive_monday - datetime.timedelta(days=4),
            f"Automne {year} — travaux réguliers",
        ),
        PlannedPeriod(
            SittingPeriodKind.CONSTITUENCY,
            remembrance_monday,
            remembrance_monday + datetime.timedelta(days=4),
            "Semaine de circonscription (jour du Souvenir)",
        ),
        PlannedPeriod(
            SittingPeriodKind.INTENSIVE,
            intensive_monday + datetime.timedelta(days=1),
            intensive_monday + datetime.timedelta(weeks=INTENSIVE_WEEKS - 1, days=4),
            f"Automne {year} — travaux intensifs",
        ),
    ]


def spring_periods(year: int) -> list[PlannedPeriod]:
    """The spring of `year` (January to June)."""
    opening = last_weekday_on_or_before(datetime.date(year, 1, 31), TUESDAY)
    closing = last_weekday_on_or_before(datetime.date(year, 6, SPRING_LAST_DAY), FRIDAY)
    intensive_monday = monday_of(closing) - datetime.timedelta(weeks=INTENSIVE_WEEKS - 1)
    spring_break = nth_weekday(year, 3, MONDAY, 1)
    easter = easter_monday(year)
    return [
        PlannedPeriod(
            SittingPeriodKind.REGULAR,
            opening,
            intensive_monday - datetime.timedelta(days=4),
            f"Printemps {year} — travaux réguliers",
        ),
        PlannedPeriod(
            SittingPeriodKind.CONSTITUENCY,
            spring_break,
            spring_break + datetime.timedelta(days=4),
            "Semaine de circonscription (relâche scolaire)",
        ),
        PlannedPeriod(
            SittingPeriodKind.CONSTITUENCY,
            easter,
            easter + datetime.timedelta(days=4),
            "Semaine de circonscription (Pâques)",
        ),
        PlannedPeriod(
            SittingPeriodKind.INTENSIVE,
            intensive_monday + datetime.timedelta(days=1),
            closing,
            f"Printemps {year} — travaux intensifs",
        ),
    ]


def fallback_periods(year: int) -> list[PlannedPeriod]:
    """The periods the fallback rule proposes for the parliamentary year beginning in September of `year`."""
    return [*fall_periods(year), *spring_periods(year + 1)]
