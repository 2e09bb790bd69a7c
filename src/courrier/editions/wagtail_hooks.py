"""Éditions: composing, previewing and scheduling editions in the Wagtail admin menu (staff only)."""

from __future__ import annotations

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from courrier.editions.backoffice import EditionViewSet
from courrier.editions.dashboard import EditionsPanel
from courrier.editions.models import Edition
from courrier.licensing.backoffice.permissions import StaffPermissionPolicy

# Registered before the viewset asks for it. An edition is numbered and may have gone out: it is
# cancelled, never deleted.
register_permission_policy(Edition, StaffPermissionPolicy(Edition, refused={"delete"}))


@hooks.register("register_admin_viewset")
def register_editions() -> EditionViewSet:
    return EditionViewSet()


@hooks.register("construct_homepage_panels")
def add_editions_panel(request: object, panels: list[object]) -> None:
    panels.append(EditionsPanel())
