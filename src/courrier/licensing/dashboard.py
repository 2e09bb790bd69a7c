"""The admin home page's panels for subscribers: trial requests to decide, licences to renew."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wagtail.admin.ui.components import Component

from courrier.licensing.models import Licence, TrialRequest, TrialRequestStatus

RENEWAL_DAYS = 30
LISTED = 8


class SubscribersPanel(Component):
    name = "courrier_subscribers"
    template_name = "licensing/admin/dashboard_panel.html"
    order = 20

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        pending = TrialRequest.objects.filter(status=TrialRequestStatus.PENDING).order_by("created_at")
        ending = Licence.objects.ending_within(RENEWAL_DAYS).select_related("organization")
        return {
            "trials": pending[:LISTED],
            "trial_count": pending.count(),
            "licences": ending[:LISTED],
            "licence_count": ending.count(),
            "renewal_days": RENEWAL_DAYS,
        }
