"""Envois in the Wagtail admin menu: blocked addresses, reports to check and consent records (staff only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from courrier.licensing.backoffice.permissions import StaffPermissionPolicy
from courrier.mailing.backoffice import ConsentRecordViewSet, SuppressionReportViewSet, SuppressionViewSet
from courrier.mailing.dashboard import SendsPanel
from courrier.mailing.models import ConsentRecord, Suppression, SuppressionReport

# Registered before the viewsets ask for them. A suppression is lifted, never deleted;
# consent records are written by the flows that collect consent, never by hand.
register_permission_policy(Suppression, StaffPermissionPolicy(Suppression, refused={"delete"}))
# A report comes only from a provider's webhook and is decided (change), never deleted.
register_permission_policy(SuppressionReport, StaffPermissionPolicy(SuppressionReport, refused={"add", "delete"}))
register_permission_policy(ConsentRecord, StaffPermissionPolicy(ConsentRecord, refused={"add", "change", "delete"}))


class MailingViewSetGroup(ViewSetGroup):
    menu_label = _("Envois")
    menu_icon = "mail"
    menu_order = 260
    items = (SuppressionViewSet, SuppressionReportViewSet, ConsentRecordViewSet)


@hooks.register("register_admin_viewset")
def register_mailing() -> MailingViewSetGroup:
    return MailingViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_sends_panel(request: object, panels: list[object]) -> None:
    panels.append(SendsPanel())
