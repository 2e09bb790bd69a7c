"""Alerte Décrets: each reader's filters, and the one alert sent for each Gazette issue.

An alert goes out as one mailing campaign, in parts: one per distinct set of decrees the readers'
filters select, each a variant of the campaign (see `sending.py` for why and how).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DecreeAlertFilter(models.Model):
    """A reader's narrowing of Alerte Décrets; a reader without one receives every decree.

    The reader edits `ministries`, `categories` and `keywords`; `criteria` (canonical, keywords
    normalised) and its `signature` are derived from them by `actions.set_decree_alert_filter`,
    the only writer, so that matching reads one row per distinct filter. A filter that narrows
    nothing is deleted rather than kept empty.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="decree_alert_filter", verbose_name=_("lecteur")
    )
    ministries = models.ManyToManyField(
        "parliament.Ministry", blank=True, related_name="+", verbose_name=_("ministères")
    )
    categories = models.JSONField(_("catégories"), default=list, blank=True)
    keywords = models.TextField(_("mots clés"), blank=True, help_text=_("Tels que le lecteur les a écrits."))
    criteria = models.JSONField(_("critères normalisés"), default=dict, editable=False)
    signature = models.CharField(_("empreinte des critères"), max_length=64, db_index=True, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), default=timezone.now)

    class Meta:
        verbose_name = _("filtre d'Alerte Décrets")
        verbose_name_plural = _("filtres d'Alerte Décrets")

    def __str__(self) -> str:
        return str(self.user)


class DecreeAlert(models.Model):
    """The Alerte Décrets of one Gazette issue: at most one per issue, however often it is published.

    It carries the decrees published with it (`published_at` up to `created_at`). Its parts are
    planned once (`planned_at`), then its campaign is created with a variant per part and started
    in one transaction; `started_at` is set once that is done (or there was nobody to send to).
    """

    issue = models.OneToOneField(
        "parliament.GazetteIssue", models.PROTECT, related_name="decree_alert", verbose_name=_("numéro de la Gazette")
    )
    created_at = models.DateTimeField(_("publiée le"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("par")
    )
    campaign = models.OneToOneField(
        "mailing.Campaign",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="decree_alert",
        verbose_name=_("envoi groupé"),
    )
    planned_at = models.DateTimeField(_("envois préparés le"), null=True, blank=True)
    started_at = models.DateTimeField(_("envoi commencé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("Alerte Décrets")
        verbose_name_plural = _("Alertes Décrets")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.issue)

    def readers_condition(self) -> Q:
        """Its readers, as a condition on `User`: those whose filter's signature a part holds, and those
        without a filter when a part includes them (set-based: an index lookup per signature)."""
        signatures = DecreeAlertSignature.objects.filter(alert=self).values("signature")
        condition = Q(pk__in=DecreeAlertFilter.objects.filter(signature__in=signatures).values("user_id"))
        if self.parts.filter(includes_unfiltered=True).exists():
            condition |= Q(~Exists(DecreeAlertFilter.objects.filter(user=OuterRef("pk"))))
        return condition


class DecreeAlertPart(models.Model):
    """The readers of an alert whose filters select exactly `decree_ids`, sent the campaign's variant `variant`.

    Who belongs is decided when the alert is published: the readers whose filter's signature is
    one of the part's `signatures`, plus those without a filter when `includes_unfiltered`.
    No two parts of an alert hold the same signature, so no reader is in two parts.
    """

    alert = models.ForeignKey(DecreeAlert, models.CASCADE, related_name="parts", verbose_name=_("alerte"))
    variant = models.PositiveIntegerField(_("version du message"))
    decree_ids = models.JSONField(_("décrets"), default=list)
    includes_unfiltered = models.BooleanField(_("lecteurs sans filtre"), default=False)

    class Meta:
        verbose_name = _("envoi d'une Alerte Décrets")
        verbose_name_plural = _("envois d'une Alerte Décrets")
        ordering = ["alert", "variant"]
        constraints = [models.UniqueConstraint(fields=["alert", "variant"], name="alerts_part_variant_once")]

    def __str__(self) -> str:
        return f"{self.alert} — {len(self.decree_ids)}"


class DecreeAlertSignature(models.Model):
    """A filter signature whose readers receive this part (of this alert: at most one part holds it)."""

    alert = models.ForeignKey(DecreeAlert, models.CASCADE, related_name="+")
    part = models.ForeignKey(DecreeAlertPart, models.CASCADE, related_name="signatures")
    signature = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("critères d'un envoi")
        verbose_name_plural = _("critères des envois")
        # Also how a reader's variant is found, once per reader in the snapshot (`sending.reader_variant`).
        constraints = [models.UniqueConstraint(fields=["alert", "signature"], name="alerts_signature_once_per_alert")]

    def __str__(self) -> str:
        return self.signature
