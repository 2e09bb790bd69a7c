"""The admin home page's *Gazette officielle* panel: the next issue to enter, and the last one entered."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count
from django.utils import timezone
from wagtail.admin.ui.components import Component

from courrier.parliament.gazette import next_gazette_day
from courrier.parliament.models import GazetteIssue, GazettePart


class GazettePanel(Component):
    name = "courrier_gazette"
    template_name = "parliament/admin/dashboard_panel.html"
    order = 40

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        today = timezone.localdate()
        issues = GazetteIssue.objects.filter(part=GazettePart.LAWS_AND_REGULATIONS).annotate(
            decree_count=Count("decrees")
        )
        next_day = next_gazette_day(today)
        return {
            "next_day": next_day,
            "next_issue": issues.filter(published_on=next_day).first(),
            "last_issue": issues.filter(published_on__lte=today).order_by("-published_on", "-number").first(),
        }
