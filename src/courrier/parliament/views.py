"""The public calendar of the Assembly's sitting days: a month on a page, and its iCal feed."""

from __future__ import annotations

import calendar as month_grid
import datetime
import hashlib
from dataclasses import dataclass

import icalendar
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from courrier.core.page_cache import teasers_copy
from courrier.parliament.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    SittingCalendar,
    SittingDay,
    parliamentary_year_bounds,
    parliamentary_year_label,
    parliamentary_year_of,
    quebec_holidays,
)
from courrier.parliament.models import SittingPeriodKind

FEED_MAX_AGE = 3600  # seconds: calendar clients poll far less often; editors' changes show within the hour


# What a sitting is called: in full (calendar feeds), and in a word or two (a day of the month's grid).
SITTING_NAMES = {
    SittingPeriodKind.INTENSIVE: (gettext_lazy("Travaux intensifs"), gettext_lazy("Travaux intensifs")),
    SittingPeriodKind.EXTRAORDINARY: (
        gettext_lazy("Séance extraordinaire de l'Assemblée nationale"),
        gettext_lazy("Séance extraordinaire"),
    ),
}
REGULAR_SITTING = (gettext_lazy("Séance de l'Assemblée nationale"), gettext_lazy("Séance"))


def _summary(sitting: SittingDay, *, short: bool = False) -> str:
    return str(SITTING_NAMES.get(sitting.kind, REGULAR_SITTING)[short])


def _requested_year(request: HttpRequest) -> int | None:
    raw = request.GET.get("annee")
    if raw is None:
        return parliamentary_year_of(timezone.localdate())
    try:
        year = int(raw)
    except ValueError:
        return None
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def sittings_feed(year: int) -> bytes:
    """The iCal calendar of the sittings of the parliamentary year beginning in September of `year` (one query)."""
    calendar = SittingCalendar.load(*parliamentary_year_bounds(year))
    # DTSTAMP is required; the last change to the periods keeps the feed identical between changes.
    stamp = max(
        (period.updated_at for period in calendar.periods),
        default=datetime.datetime(year, 9, 1, tzinfo=datetime.UTC),
    )
    feed = icalendar.Calendar()
    feed.add("prodid", "-//Courrier parlementaire//Calendrier des séances//FR")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    name = _("Séances de l'Assemblée nationale %(year)s") % {"year": parliamentary_year_label(year)}
    feed.add("x-wr-calname", name)
    for sitting in calendar.sittings():
        event = icalendar.Event()
        event.add("uid", sitting.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", sitting.day)
        event.add("dtend", sitting.day + datetime.timedelta(days=1))
        event.add("summary", _summary(sitting))
        event.add("transp", "TRANSPARENT")
        feed.add_component(event)
    return feed.to_ical()


@require_safe
def sittings_ics(request: HttpRequest) -> HttpResponse:
    """Sitting days of the current parliamentary year, or of `?annee=2027` (2027-2028); public."""
    year = _requested_year(request)
    if year is None:
        return HttpResponseBadRequest(
            _("Année invalide : indiquez une année entre %(first)d et %(last)d, p. ex. ?annee=2027.")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            content_type="text/plain; charset=utf-8",
        )
    body = sittings_feed(year)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="seances-{parliamentary_year_label(year)}.ics"'
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
    # Given a response, Django answers with it or with a 304, never with None.
    return get_conditional_response(request, etag=response["ETag"], response=response) or response


# The month on a page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarDay:
    day: datetime.date
    in_month: bool
    sitting: str  # what the Assembly does that day, "" when it does not sit
    holiday: str  # the statutory holiday's name, or ""
    today: bool


def _requested_month(request: HttpRequest, today: datetime.date) -> datetime.date | None:
    """The first day of `?mois=2027-03`, else of this month; None for a month that does not parse or is out of range."""
    raw = request.GET.get("mois")
    if raw is None:
        return today.replace(day=1)
    try:
        first = datetime.date.fromisoformat(f"{raw}-01")
    except ValueError:
        return None
    return first if FIRST_YEAR <= first.year <= LAST_YEAR else None


def _month_weeks(first: datetime.date, today: datetime.date) -> list[list[CalendarDay]]:
    """The month's weeks, Monday first, each day with its sitting and holiday (one query)."""
    weeks = month_grid.Calendar(firstweekday=month_grid.MONDAY).monthdatescalendar(first.year, first.month)
    sittings = SittingCalendar.load(weeks[0][0], weeks[-1][-1])
    holidays = {**quebec_holidays(weeks[0][0].year), **quebec_holidays(weeks[-1][-1].year)}
    return [
        [
            CalendarDay(
                day=day,
                in_month=day.month == first.month,
                sitting=_summary(sitting, short=True) if (sitting := sittings.sitting_on(day)) is not None else "",
                holiday=holidays.get(day, ""),
                today=day == today,
            )
            for day in week
        ]
        for week in weeks
    ]


def _shifted(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@require_safe
def sitting_calendar(request: HttpRequest) -> HttpResponse:
    """« Calendrier parlementaire »: a month of the Assembly's sittings, with the iCal subscription."""
    today = timezone.localdate()
    first = _requested_month(request, today) or today.replace(day=1)  # a month that does not parse: this one
    weeks = _month_weeks(first, today)
    sitting_count = sum(1 for week in weeks for day in week if day.in_month and day.sitting)
    feed = request.build_absolute_uri(reverse("parliament_sittings_ics"))
    previous, following = _shifted(first, -1), _shifted(first, 1)
    context = {
        "month": first,
        "weeks": weeks,
        "weekdays": [WEEKDAYS_ABBR[number] for number in range(7)],
        "sitting_count": sitting_count,
        "previous": previous if previous.year >= FIRST_YEAR else None,
        "following": following if following.year <= LAST_YEAR else None,
        "this_month": today.replace(day=1),
        "feed_url": feed,
        "webcal_url": "webcal://" + feed.split("://", 1)[1],
        "year_label": parliamentary_year_label(parliamentary_year_of(first)),
    }
    return teasers_copy(render(request, "parliament/calendar.html", context))
