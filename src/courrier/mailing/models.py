"""Campaigns and their deliveries, the suppression list and the consent log.

A campaign is rendered once (subject, HTML and text with placeholders) and sent
to one `Delivery` row per recipient; the rows, not the task queue, are the
truth about who has been sent what (see `sender.py`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

LAST_ERROR_LENGTH = 300


class MailingError(Exception):
    """A change refused for a reason staff can read (the message is French, translatable)."""


class IllegalTransition(MailingError):
    """A status change the state machine refuses (a programming or concurrency error)."""


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SENDING = "sending", _("envoi en cours")
    SENT = "sent", _("envoyée")
    CANCELLED = "cancelled", _("annulée")


CAMPAIGN_TRANSITIONS: dict[str, frozenset[str]] = {
    CampaignStatus.DRAFT: frozenset({CampaignStatus.SENDING, CampaignStatus.CANCELLED}),
    CampaignStatus.SENDING: frozenset({CampaignStatus.SENT, CampaignStatus.CANCELLED}),
    CampaignStatus.SENT: frozenset(),
    CampaignStatus.CANCELLED: frozenset(),
}


class Campaign(models.Model):
    """One message for one audience; bodies are rendered once, with placeholders for each recipient.

    Status moves draft → sending → sent, or to cancelled from draft or sending;
    `transition()` refuses anything else.
    """

    name = models.CharField(_("nom"), max_length=200)
    audience = models.CharField(
        _("destinataires"), max_length=100, help_text=_("Clé d'un public enregistré dans mailing.audiences.")
    )
    list_key = models.SlugField(
        _("liste"), max_length=100, help_text=_("Liste dont on se désabonne (une publication, par exemple).")
    )
    list_id = models.CharField(_("en-tête List-Id"), max_length=255, blank=True)
    subject = models.CharField(_("objet"), max_length=255)
    html = models.TextField(_("corps HTML"), blank=True)
    text = models.TextField(_("corps texte"))
    from_email = models.CharField(_("expéditeur"), max_length=255)
    reply_to = models.CharField(_("adresse de réponse"), max_length=255, blank=True)
    headers = models.JSONField(_("autres en-têtes"), default=dict, blank=True)
    messages_per_second = models.PositiveIntegerField(
        _("messages par seconde"), default=0, help_text=_("Par processus d'envoi ; 0 : sans limite.")
    )
    status = models.CharField(_("statut"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    total = models.PositiveIntegerField(_("destinataires"), default=0)
    sent_count = models.PositiveIntegerField(_("envoyés"), default=0)
    failed_count = models.PositiveIntegerField(_("échecs"), default=0)
    cancelled_count = models.PositiveIntegerField(_("annulés"), default=0)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)
    started_at = models.DateTimeField(_("envoi commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("envoi terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("envoi groupé")
        verbose_name_plural = _("envois groupés")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"], name="mailing_campaign_status")]

    def __str__(self) -> str:
        return self.name

    def transition(self, to: CampaignStatus) -> None:
        """Change the status in memory; the caller saves (inside its transaction)."""
        if to not in CAMPAIGN_TRANSITIONS[self.status]:
            raise IllegalTransition(f"Campaign {self.pk}: {self.status} → {to}")
        self.status = to


class CampaignVariant(models.Model):
    """One version of a campaign's message, for the recipients the audience assigns it (`Delivery.variant`).

    Its bodies are the campaign's, with only the `sections` named here kept and each key of
    `replacements` replaced by its text (`message.compose`); it has its own subject. So a
    campaign whose readers each receive their own selection of the same items stores its
    bodies once, and each variant in a few hundred bytes.
    """

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="variants", verbose_name=_("envoi groupé"))
    number = models.PositiveIntegerField(_("numéro"))
    subject = models.CharField(_("objet"), max_length=255)
    sections = models.JSONField(_("sections"), default=list)
    replacements = models.JSONField(_("remplacements"), default=dict, blank=True)

    class Meta:
        verbose_name = _("variante")
        verbose_name_plural = _("variantes")
        ordering = ["campaign", "number"]
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="mailing_variant_once")]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.number}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    SENDING = "sending", _("en cours d'envoi")
    SENT = "sent", _("envoyé")
    FAILED = "failed", _("échec")
    CANCELLED = "cancelled", _("annulé")


UNFINISHED = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)


class DeliveryQuerySet(models.QuerySet["Delivery"]):
    def reported_by_provider(self, *, message_id: str, email: str) -> DeliveryQuerySet:
        """Our deliveries to `email` that a provider's event naming `message_id` can be about: its own id for
        the message, or our `Message-ID` (some providers report that one, with or without its angle brackets)."""
        message_id = message_id.strip()
        if not message_id or not email:
            return self.none()
        bare = message_id.strip("<>")
        return self.filter(email=email.strip().lower()).filter(
            Q(provider_message_id=message_id) | Q(message_id__in=[message_id, f"<{bare}>"])
        )

    def unfinished(self) -> DeliveryQuerySet:
        return self.filter(status__in=UNFINISHED)

    def due(self, now: datetime.datetime) -> DeliveryQuerySet:
        """Pending and due, or held under a lease that has run out (its worker died or stalled)."""
        return self.filter(
            Q(status=DeliveryStatus.PENDING, next_attempt_at__isnull=True)
            | Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
            | Q(status=DeliveryStatus.SENDING, lease_expires_at__lte=now)
        )


class Delivery(models.Model):
    """One recipient of one campaign; at most one row per (campaign, address).

    pending → sending (claimed under a lease) → sent | failed | pending (to retry);
    pending or an expired lease → cancelled. Every change is a conditional UPDATE
    (see `sender.py`), so two workers can never both own a row.
    """

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("envoi groupé")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("destinataire"),
    )
    email = models.EmailField(_("adresse"))
    # The number of the campaign's variant this recipient is sent (`CampaignVariant.number`); none: the campaign's own.
    variant = models.PositiveIntegerField(_("variante"), null=True, blank=True)
    # Database defaults: the snapshot is one INSERT … SELECT that names only the columns above.
    status = models.CharField(
        _("statut"), max_length=20, choices=DeliveryStatus.choices, db_default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), db_default=0)
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), null=True, blank=True)
    lease_expires_at = models.DateTimeField(_("réservé jusqu'à"), null=True, blank=True)
    leased_by = models.CharField(_("réservé par"), max_length=100, blank=True, db_default="")
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True, db_default="")
    # The email provider's own id for the message (anymail's `anymail_status.message_id`), which its webhooks name.
    provider_message_id = models.CharField(
        _("identifiant chez le fournisseur"), max_length=255, blank=True, db_default=""
    )
    last_error = models.CharField(_("dernière erreur"), max_length=LAST_ERROR_LENGTH, blank=True, db_default="")
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        constraints = [models.UniqueConstraint(fields=["campaign", "email"], name="mailing_delivery_once")]
        indexes = [
            # Claiming: pending rows that are due, and sending rows whose lease has run out.
            models.Index(fields=["campaign", "status", "next_attempt_at"], name="mailing_delivery_due"),
            models.Index(fields=["campaign", "status", "lease_expires_at"], name="mailing_delivery_lease"),
            models.Index(fields=["campaign", "sent_at"], name="mailing_delivery_sent"),
            # A bounce names the Message-ID it returns (mailing/bounces.py). Not partial (`message_id <> ''`):
            # SQLite uses a partial index only when the query repeats its condition, which `IN (…)` does not.
            models.Index(fields=["message_id"], name="mailing_delivery_message_id"),
            # A provider's webhook names its own id for the message (mailing/actions.py: record_provider_event).
            models.Index(fields=["provider_message_id"], name="mailing_delivery_provider_id"),
        ]

    def __str__(self) -> str:
        return self.email


class SuppressionReason(models.TextChoices):
    HARD_BOUNCE = "hard_bounce", _("adresse inexistante (rebond)")
    COMPLAINT = "complaint", _("plainte pour pourriel")
    UNSUBSCRIBED = "unsubscribed", _("désabonnement de tous les envois")
    MANUAL = "manual", _("ajout manuel")


class SuppressionQuerySet(models.QuerySet["Suppression"]):
    def active(self) -> SuppressionQuerySet:
        return self.filter(lifted_at__isnull=True)

    def of_address(self, email: str) -> SuppressionQuerySet:
        return self.filter(email=email.strip().lower())


class Suppression(models.Model):
    """An address no campaign may be sent to while the row is active (not lifted).

    At most one active row per (lower-cased) address; lifting keeps the row, so the
    history of an address stays readable and a replayed webhook event is recognised.
    """

    email = models.EmailField(_("adresse"))
    reason = models.CharField(_("motif"), max_length=20, choices=SuppressionReason.choices)
    source = models.CharField(_("source"), max_length=100, blank=True)
    detail = models.CharField(_("détail"), max_length=LAST_ERROR_LENGTH, blank=True)
    event_id = models.CharField(_("événement"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("ajoutée le"), default=timezone.now)
    lifted_at = models.DateTimeField(_("levée le"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("levée par"),
    )

    objects = SuppressionQuerySet.as_manager()

    class Meta:
        verbose_name = _("adresse bloquée")
        verbose_name_plural = _("adresses bloquées")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=Q(lifted_at__isnull=True), name="mailing_suppression_active_once"
            ),
            models.UniqueConstraint(
                fields=["event_id"], condition=~Q(event_id=""), name="mailing_suppression_event_once"
            ),
            models.CheckConstraint(condition=Q(email=Lower("email")), name="mailing_suppression_lower_case"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None

    @property
    def owner_may_lift(self) -> bool:
        """Whether the owner of the address may lift it themselves, by proving the mailbox (`actions`);
        staff's own blocks (added by hand, for a reason of theirs) are lifted by staff only."""
        return self.reason != SuppressionReason.MANUAL


class SuppressionReportStatus(models.TextChoices):
    PENDING = "pending", _("à vérifier")
    CONFIRMED = "confirmed", _("confirmé, adresse bloquée")
    DISMISSED = "dismissed", _("écarté")


class SuppressionReportQuerySet(models.QuerySet["SuppressionReport"]):
    def pending(self) -> SuppressionReportQuerySet:
        return self.filter(status=SuppressionReportStatus.PENDING)


class SuppressionReport(models.Model):
    """A provider reported a bounce or complaint for an address, about no message we can find we sent it.

    It blocks nothing: only staff turn it into a suppression (confirm) or set it aside
    (dismiss), once, keeping who and when. At most one report per provider event
    (`event_id`), so a provider retrying its webhook adds nothing.
    """

    email = models.EmailField(_("adresse"))
    reason = models.CharField(_("motif"), max_length=20, choices=SuppressionReason.choices)
    source = models.CharField(_("source"), max_length=100)
    detail = models.CharField(_("détail"), max_length=LAST_ERROR_LENGTH, blank=True)
    event_id = models.CharField(_("événement"), max_length=255, blank=True)
    provider_message_id = models.CharField(_("message signalé"), max_length=255, blank=True)
    received_at = models.DateTimeField(_("reçu le"), default=timezone.now)
    status = models.CharField(
        _("état"), max_length=20, choices=SuppressionReportStatus.choices, default=SuppressionReportStatus.PENDING
    )
    decided_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traité par"),
    )
    suppression = models.ForeignKey(
        Suppression,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("blocage"),
    )

    objects = SuppressionReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("signalement à vérifier")
        verbose_name_plural = _("signalements à vérifier")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_id"], condition=~Q(event_id=""), name="mailing_suppression_report_event_once"
            ),
            models.CheckConstraint(condition=Q(email=Lower("email")), name="mailing_suppression_report_lower_case"),
        ]
        indexes = [models.Index(fields=["status", "received_at"], name="mailing_report_status")]

    def __str__(self) -> str:
        return self.email

    @property
    def is_pending(self) -> bool:
        return self.status == SuppressionReportStatus.PENDING


class ConsentAction(models.TextChoices):
    OPT_IN = "opt_in", _("abonnement")
    OPT_OUT = "opt_out", _("désabonnement")


class ConsentRecord(models.Model):
    """One opt-in or opt-out as it happened: never changed nor deleted (the proof asked for by CASL)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("personne"),
    )
    email = models.EmailField(_("adresse"))
    list_key = models.CharField(_("liste"), max_length=100)
    action = models.CharField(_("choix"), max_length=10, choices=ConsentAction.choices)
    source = models.CharField(_("source"), max_length=100)
    wording = models.TextField(_("libellé présenté"), blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["email", "list_key", "created_at"], name="mailing_consent_lookup")]

    def __str__(self) -> str:
        return f"{self.email} · {self.list_key} · {self.get_action_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise IllegalTransition("Consent records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise IllegalTransition("Consent records are append-only.")
