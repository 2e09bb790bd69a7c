"""The Assembly's calendar as editors enter it: periods of sittings and their exceptions.

Each June the National Assembly tables the next parliamentary year's calendar;
editors enter it here as dated periods. Sitting days are never stored: they are
derived from these periods, the weekdays and Québec's statutory holidays by
`courrier.parliament.calendar`.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from courrier.core.dates import display_date


class SittingPeriodKind(models.TextChoices):
    REGULAR = "regular", _("Travaux réguliers")
    INTENSIVE = "intensive", _("Travaux intensifs")
    CONSTITUENCY = "constituency", _("Semaine de circonscription")
    EXTRAORDINARY = "extraordinary", _("Séance extraordinaire")
    CANCELLATION = "cancellation", _("Séance annulée")


# An extraordinary sitting adds one day, a cancellation removes one: never a range.
SINGLE_DAY_KINDS = (SittingPeriodKind.EXTRAORDINARY, SittingPeriodKind.CANCELLATION)


class SittingPeriodQuerySet(models.QuerySet["SittingPeriod"]):
    def overlapping(self, start: datetime.date, end: datetime.date) -> SittingPeriodQuerySet:
        """Periods with at least one day between `start` and `end` (both included)."""
        return self.filter(starts_on__lte=end, ends_on__gte=start)


class SittingPeriod(models.Model):
    """A span of days of one kind; `ends_on` is never before `starts_on`, and single-day kinds span one day."""

    kind = models.CharField(_("type"), max_length=16, choices=SittingPeriodKind.choices)
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(
        _("fin"), help_text=_("Dernier jour, inclus. Pour une séance extraordinaire ou annulée : le jour du début.")
    )
    label = models.CharField(_("libellé"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = SittingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("période de travaux")
        verbose_name_plural = _("périodes de travaux")
        ordering = ["starts_on", "kind"]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="parliament_period_span")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="parliament_period_ends_after_start",
                violation_error_message=_("La fin ne peut pas précéder le début."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=SINGLE_DAY_KINDS) | Q(ends_on=F("starts_on")),
                name="parliament_period_single_day_kinds",
                violation_error_message=_("Une séance extraordinaire ou annulée ne dure qu'un jour."),
            ),
        ]

    def __str__(self) -> str:
        if self.label:
            return self.label
        if self.starts_on == self.ends_on:
            return f"{self.get_kind_display()} — {display_date(self.starts_on)}"
        return _("%(kind)s du %(start)s au %(end)s") % {
            "kind": self.get_kind_display(),
            "start": display_date(self.starts_on),
            "end": display_date(self.ends_on),
        }

    def clean(self) -> None:
        super().clean()
        if self.starts_on is None or self.ends_on is None:
            return  # the missing field already has its own error
        if self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("La fin ne peut pas précéder le début.")})
        if self.kind in SINGLE_DAY_KINDS and self.ends_on != self.starts_on:
            raise ValidationError(
                {"ends_on": _("Une séance extraordinaire ou annulée ne dure qu'un jour : la fin doit être le début.")}
            )

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on
