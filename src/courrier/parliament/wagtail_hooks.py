"""Parlement and Registre in the Wagtail admin menu: the sitting calendar, and the register of decrees,
Gazette issues, ministries, members and parties."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup

from courrier.parliament.backoffice.calendar import SittingDaysViewSet, SittingPeriodViewSet
from courrier.parliament.backoffice.register import (
    DecreeViewSet,
    GazetteIssueViewSet,
    MemberViewSet,
    MinistryViewSet,
    PartyViewSet,
)
from courrier.parliament.dashboard import GazettePanel


class ParliamentViewSetGroup(ViewSetGroup):
    menu_label = _("Parlement")
    menu_icon = "date"
    menu_order = 260
    items = (SittingPeriodViewSet, SittingDaysViewSet)


class RegisterViewSetGroup(ViewSetGroup):
    menu_label = _("Registre")
    menu_icon = "doc-full-inverse"
    menu_order = 270
    items = (DecreeViewSet, GazetteIssueViewSet, MinistryViewSet, MemberViewSet, PartyViewSet)


@hooks.register("register_admin_viewset")
def register_parliament() -> ParliamentViewSetGroup:
    return ParliamentViewSetGroup()


@hooks.register("register_admin_viewset")
def register_register() -> RegisterViewSetGroup:
    return RegisterViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_gazette_panel(request: object, panels: list[object]) -> None:
    panels.append(GazettePanel())
