"""Parlement: the parliamentary calendar in the Wagtail admin menu."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from courrier.parliament.backoffice import SittingDaysViewSet, SittingPeriodViewSet


class ParliamentViewSetGroup(ViewSetGroup):
    menu_label = _("Parlement")
    menu_icon = "date"
    menu_order = 260
    items = (SittingPeriodViewSet, SittingDaysViewSet)


@hooks.register("register_admin_viewset")
def register_parliament() -> ParliamentViewSetGroup:
    return ParliamentViewSetGroup()
