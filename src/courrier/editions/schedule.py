"""When each publication appears: the dates of its editions, from the parliamentary calendar.

- LCP-LAG: every weekday of the season (September to June by default), except Québec statutory holidays.
- LCP InfoMidi: every sitting day; it leaves only when an editor has marked the day's edition ready.
- Cette semaine au Parlement: one edition per parliamentary week (a week with at least one sitting),
  dated the Monday of that week.
- Alerte Décrets: follows the Gazette officielle (the decrees issue), never the calendar.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from courrier.editions.models import Cadence, Publication
from courrier.parliament.calendar import SittingCalendar, days_between, is_statutory_holiday

MONDAY, FRIDAY = 0, 4


def publication_dates(publication: Publication, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The dates from `start` to `end` (both included) on which `publication` has an edition (one query at most)."""
    if end < start:
        return []
    if publication.cadence == Cadence.WEEKDAYS:
        return [
            day
            for day in days_between(start, end)
            if day.weekday() <= FRIDAY and publication.in_season(day) and not is_statutory_holiday(day)
        ]
    if publication.cadence == Cadence.SITTING_DAYS:
        return [day for day in SittingCalendar.load(start, end).sitting_days() if publication.in_season(day)]
    if publication.cadence == Cadence.WEEKLY:
        first_monday = start - datetime.timedelta(days=start.weekday())
        calendar = SittingCalendar.load(first_monday, end + datetime.timedelta(days=6 - end.weekday()))
        mondays = {day - datetime.timedelta(days=day.weekday()) for day in calendar.sitting_days()}
        return sorted(monday for monday in mondays if start <= monday <= end)
    return []


def send_moment(publication: Publication, day: datetime.date) -> datetime.datetime | None:
    """When that day's edition leaves, in Montréal time (None: an editor decides)."""
    if publication.send_time is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, publication.send_time))
