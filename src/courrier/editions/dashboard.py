"""The admin home page's panel of today's and tomorrow's editions: each composed publication due that day
(by its cadence and the sitting calendar), or already opened for it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from wagtail.admin.ui.components import Component

from courrier.editions.models import Edition, Publication
from courrier.editions.schedule import publication_dates


@dataclass(frozen=True)
class EditionSlot:
    publication: Publication
    day: datetime.date
    edition: Edition | None


class EditionsPanel(Component):
    name = "courrier_editions"
    template_name = "editions/admin/dashboard_panel.html"
    order = 10

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        today = timezone.localdate()
        days = [today, today + datetime.timedelta(days=1)]
        publications = list(Publication.objects.composed().order_by("position", "name"))
        editions = {
            (edition.publication_id, edition.date): edition
            for edition in Edition.objects.filter(date__in=days, publication__in=publications).select_related(
                "publication", "campaign"
            )
        }
        due = {publication.pk: set(publication_dates(publication, days[0], days[-1])) for publication in publications}
        slots = [
            EditionSlot(publication, day, editions.get((publication.pk, day)))
            for day in days
            for publication in publications
            if day in due[publication.pk] or (publication.pk, day) in editions
        ]
        return {"slots": slots, "today": today}
