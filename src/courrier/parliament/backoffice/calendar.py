"""The calendar in the Wagtail admin: sitting periods (list, filters, forms) and a year's sitting days by month."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django import forms
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, PermissionCheckedMixin, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from courrier.core.dates import display_date
from courrier.parliament.actions import CalendarError, prefill_parliamentary_year
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
from courrier.parliament.models import SittingPeriod, SittingPeriodKind, SittingPeriodQuerySet

logger = logging.getLogger(__name__)

ANY_PERMISSION = ["add", "change", "delete", "view"]
DAYS_URL_NAME = "sitting_days:index"


def format_day(day: datetime.date) -> str:
    return capfirst(display_date(day, "l j F Y"))


def current_year() -> int:
    return parliamentary_year_of(timezone.localdate())


def year_from(request: HttpRequest) -> int:
    """The parliamentary year asked for in `?annee=`, the current one when absent or invalid."""
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        return current_year()
    return year if FIRST_YEAR <= year <= LAST_YEAR else current_year()


def year_choices() -> list[tuple[str, str]]:
    """The parliamentary years holding periods, and the current and next ones, most recent first."""
    years = {current_year(), current_year() + 1}
    for starts_on in SittingPeriod.objects.values_list("starts_on", flat=True).distinct():
        years.add(parliamentary_year_of(starts_on))
    return [(str(year), parliamentary_year_label(year)) for year in sorted(years, reverse=True)]


def days_url(year: int) -> str:
    return f"{reverse(DAYS_URL_NAME)}?annee={year}"


# Periods -------------------------------------------------------------------------------------


class SittingPeriodFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=gettext_lazy("Type"),
        choices=SittingPeriodKind.choices,
        empty_label=gettext_lazy("Tous"),
        widget=forms.RadioSelect,
    )
    annee = django_filters.ChoiceFilter(
        label=gettext_lazy("Année parlementaire"),
        choices=year_choices,
        empty_label=gettext_lazy("Toutes"),
        method="filter_year",
    )

    class Meta:
        model = SittingPeriod
        fields: list[str] = []

    def filter_year(self, queryset: SittingPeriodQuerySet, name: str, value: str) -> SittingPeriodQuerySet:
        return queryset.overlapping(*parliamentary_year_bounds(int(value)))


class SittingPeriodIndexView(IndexView):
    @cached_property
    def columns(self) -> list[Column]:
        return [
            TitleColumn("label", label=_("Période"), accessor=str, get_url=self.get_edit_url),
            Column("kind", label=_("Type"), accessor="get_kind_display"),
            Column("starts_on", label=_("Début"), accessor=lambda p: format_day(p.starts_on), sort_key="starts_on"),
            Column("ends_on", label=_("Fin"), accessor=lambda p: format_day(p.ends_on), sort_key="ends_on"),
        ]

    @cached_property
    def header_buttons(self) -> list[HeaderButton]:
        return [
            *super().header_buttons,
            HeaderButton(_("Jours de séance"), url=days_url(year_from(self.request)), icon_name="date"),
        ]


class SittingPeriodViewSet(ModelViewSet):
    model = SittingPeriod
    name = "sitting_periods"
    url_prefix = "periodes-de-travaux"
    icon = "calendar-alt"
    menu_label = gettext_lazy("Périodes de travaux")
    index_view_class = SittingPeriodIndexView
    form_fields = ["kind", "starts_on", "ends_on", "label", "notes"]
    filterset_class = SittingPeriodFilterSet
    search_fields = ["label", "notes"]
    ordering = ["-starts_on", "kind"]
    copy_view_enabled = True
    list_per_page = 50


# Sitting days --------------------------------------------------------------------------------


@dataclass
class Month:
    label: str
    sittings: list[tuple[str, str]] = field(default_factory=list)  # (day, kind of sitting), for display


def by_month(sittings: Iterable[SittingDay]) -> list[Month]:
    months: dict[tuple[int, int], Month] = {}
    for sitting in sittings:
        key = (sitting.day.year, sitting.day.month)
        if key not in months:
            months[key] = Month(capfirst(date_format(sitting.day, "F Y")))
        months[key].sittings.append((format_day(sitting.day), str(sitting.kind.label)))
    return list(months.values())


class SittingDaysView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A parliamentary year's sitting days, month by month, with the holidays that fall in it."""

    template_name = "parliament/admin/sitting_days.html"
    header_icon = "date"
    model = SittingPeriod
    any_permission_required = ANY_PERMISSION

    @cached_property
    def permission_policy(self) -> ModelPermissionPolicy:
        return ModelPermissionPolicy(SittingPeriod)

    @cached_property
    def year(self) -> int:
        return year_from(self.request)

    def get_page_title(self) -> str:
        return _("Jours de séance %(year)s") % {"year": parliamentary_year_label(self.year)}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("sitting_periods:index"), "label": _("Périodes de travaux")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        start, end = parliamentary_year_bounds(self.year)
        calendar = SittingCalendar.load(start, end)
        sittings = calendar.sittings()
        holidays = {
            day: name
            for year in (start.year, end.year)
            for day, name in quebec_holidays(year).items()
            if start <= day <= end
        }
        context.update(
            year=self.year,
            months=by_month(sittings),
            total=len(sittings),
            intensive=sum(1 for sitting in sittings if sitting.kind == SittingPeriodKind.INTENSIVE),
            extraordinary=sum(1 for sitting in sittings if sitting.kind == SittingPeriodKind.EXTRAORDINARY),
            periods=calendar.periods,
            holidays=[(format_day(day), name) for day, name in sorted(holidays.items())],
            previous_url=days_url(self.year - 1) if self.year > FIRST_YEAR else "",
            next_url=days_url(self.year + 1) if self.year < LAST_YEAR else "",
            periods_url=f"{reverse('sitting_periods:index')}?annee={self.year}",
            feed_url=f"{reverse('parliament_sittings_ics')}?annee={self.year}",
            can_prefill=not calendar.periods and self.user_has_permission("add"),
            prefill_url=reverse("sitting_days:prefill"),
        )
        return context


class PrefillYearView(PermissionCheckedMixin, View):
    """POST only: enter the fallback rule's periods in an empty year (never replaces entered ones)."""

    http_method_names = ["post"]
    model = SittingPeriod
    permission_required = "add"

    @cached_property
    def permission_policy(self) -> ModelPermissionPolicy:
        return ModelPermissionPolicy(SittingPeriod)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            year = int(request.POST.get("annee", ""))
            result = prefill_parliamentary_year(year)
        except ValueError:
            messages.error(request, _("Année invalide."))
            return redirect(DAYS_URL_NAME)
        except CalendarError as error:
            logger.info("Calendar prefill refused: %s", error)
            messages.error(request, str(error))
            return redirect(days_url(year))
        messages.success(
            request,
            _("Année parlementaire %(year)s préremplie : %(count)d périodes, à vérifier.")
            % {"year": parliamentary_year_label(year), "count": len(result.created)},
        )
        return redirect(days_url(year))


class SittingDaysMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(ModelPermissionPolicy(SittingPeriod).user_has_any_permission(request.user, ANY_PERMISSION))


class SittingDaysViewSet(ViewSet):
    name = "sitting_days"
    url_prefix = "jours-de-seance"
    icon = "date"
    menu_label = gettext_lazy("Jours de séance")

    @cached_property
    def menu_item_class(self) -> type[MenuItem]:
        return SittingDaysMenuItem

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            path("", SittingDaysView.as_view(), name="index"),
            path("preremplir/", PrefillYearView.as_view(), name="prefill"),
        ]
