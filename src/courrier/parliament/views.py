"""The public iCal feed of the Assembly's sitting days."""

from __future__ import annotations

import datetime
import hashlib

import icalendar
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from courrier.parliament.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    SittingCalendar,
    SittingDay,
    parliamentary_year_bounds,
    parliamentary_year_label,
    parliamentary_year_of,
)
from courrier.parliament.models import SittingPeriodKind

FEED_MAX_AGE = 3600  # seconds: calendar clients poll far less often; editors' changes show within the hour


def _summary(sitting: SittingDay) -> str:
    if sitting.kind == SittingPeriodKind.INTENSIVE:
        return _("Travaux intensifs")
    if sitting.kind == SittingPeriodKind.EXTRAORDINARY:
        return _("Séance extraordinaire de l'Assemblée nationale")
    return _("Séance de l'Assemblée nationale")


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
