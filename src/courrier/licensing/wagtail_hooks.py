"""Abonnés: the subscribers' back office in the Wagtail admin menu (staff only)."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from courrier.licensing.backoffice.organizations import OrganizationViewSet
from courrier.licensing.backoffice.permissions import StaffPermissionPolicy
from courrier.licensing.backoffice.trials import TrialRequestViewSet
from courrier.licensing.dashboard import SubscribersPanel
from courrier.licensing.models import Licence, Organization, TrialRequest

# Registered before the viewsets ask for them (Wagtail would otherwise make its own).
# Deleting an organisation would erase its licences' ledger; requests come from the public form.
register_permission_policy(Organization, StaffPermissionPolicy(Organization, refused={"delete"}))
register_permission_policy(Licence, StaffPermissionPolicy(Licence, refused={"delete"}))
register_permission_policy(TrialRequest, StaffPermissionPolicy(TrialRequest, refused={"add", "delete"}))


class SubscribersViewSetGroup(ViewSetGroup):
    menu_label = _("Abonnés")
    menu_icon = "group"
    menu_order = 250
    items = (OrganizationViewSet, TrialRequestViewSet)


@hooks.register("register_admin_viewset")
def register_subscribers() -> SubscribersViewSetGroup:
    return SubscribersViewSetGroup()


@hooks.register("register_permissions")
def licence_permissions() -> QuerySet[Permission]:
    """Granting and changing licences, for staff groups (superusers hold them already)."""
    return Permission.objects.filter(
        content_type__app_label="licensing", codename__in=["add_licence", "change_licence"]
    )


@hooks.register("construct_homepage_panels")
def add_subscribers_panel(request: object, panels: list[object]) -> None:
    panels.append(SubscribersPanel())
