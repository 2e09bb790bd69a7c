"""The admin home page's *Derniers envois* panel: the last sends, with what failed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wagtail.admin.ui.components import Component

from courrier.mailing.models import Campaign

LISTED = 6


class SendsPanel(Component):
    name = "courrier_sends"
    template_name = "mailing/admin/dashboard_panel.html"
    order = 30

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        started = Campaign.objects.filter(started_at__isnull=False).order_by("-started_at")
        return {
            "campaigns": started.only("name", "status", "total", "sent_count", "failed_count", "started_at")[:LISTED]
        }
