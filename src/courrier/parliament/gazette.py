"""The *Gazette officielle du Québec*, Partie 2 — Lois et règlements: its publication day and what an issue prints.

Partie 2 is published at least every Wednesday, online at 00:01. When the
Wednesday is a statutory holiday, the *Règlement sur la Gazette officielle du
Québec* lets the Éditeur officiel publish it the day before or the day after;
Courrier proposes the day before (the Tuesday), and steps back again should
that day be a holiday too. It is a proposal: an issue's date is what the issue
prints, and an editor corrects it when the Gazette came out the day after.

An issue prints its volume as a rank of years since the first Gazette
(16 January 1869): 1869 is the « 1re année », 2026 the « 158e année ». Its
number restarts at 1 each year and is usually the rank of the week's Wednesday
in the year; special issues shift it, so it too is a proposal and what is
printed wins.
"""

from __future__ import annotations

import datetime

from courrier.parliament.calendar import is_statutory_holiday

WEDNESDAY = 2
FIRST_GAZETTE_YEAR = 1869
ONE_DAY = datetime.timedelta(days=1)
ONE_WEEK = datetime.timedelta(weeks=1)


def wednesday_of(day: datetime.date) -> datetime.date:
    """The Wednesday of the week (Monday to Sunday) holding `day`."""
    return day + datetime.timedelta(days=WEDNESDAY - day.weekday())


def gazette_day(day: datetime.date) -> datetime.date:
    """The day Partie 2 comes out in the week (Monday to Sunday) holding `day`: Wednesday, or before a holiday."""
    published = wednesday_of(day)
    while is_statutory_holiday(published):
        published -= ONE_DAY
    return published


def next_gazette_day(day: datetime.date) -> datetime.date:
    """The first day Partie 2 comes out on or after `day`."""
    published = gazette_day(day)
    return published if published >= day else gazette_day(day + ONE_WEEK)


def volume_of(year: int) -> int:
    """The volume (« année ») the Gazette prints in `year`: 158 in 2026."""
    return year - FIRST_GAZETTE_YEAR + 1


def probable_issue_number(day: datetime.date) -> int:
    """The number Partie 2 usually prints in the week holding `day`: the rank of its Wednesday in the year."""
    wednesday = wednesday_of(day)
    first = wednesday_of(datetime.date(wednesday.year, 1, 1))
    if first.year < wednesday.year:
        first += ONE_WEEK
    return (wednesday - first).days // 7 + 1
