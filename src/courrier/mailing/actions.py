"""State changes of mailing: campaigns, suppressions, consent. Atomic; tasks leave on commit."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Field, Q, Value
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courrier.accounts.models import User
from courrier.core.mail import send_templated_mail
from courrier.mailing import app_settings
from courrier.mailing.audiences import UnknownAudience, is_registered, recipients, variant_of
from courrier.mailing.message import CampaignMessage, Recipient
from courrier.mailing.models import (
    LAST_ERROR_LENGTH,
    Campaign,
    CampaignStatus,
    CampaignVariant,
    ConsentAction,
    ConsentRecord,
    Delivery,
    DeliveryStatus,
    MailingError,
    Suppression,
    SuppressionReason,
    SuppressionReport,
    SuppressionReportStatus,
)
from courrier.mailing.tokens import LIFT_MAX_AGE, make_lift_token

logger = logging.getLogger(__name__)

CANCELLED_WITH_CAMPAIGN = "envoi groupé annulé"


# Campaigns -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """A version of a campaign's message (see `CampaignVariant`): its subject, the sections it keeps, its words."""

    number: int
    subject: str
    sections: Sequence[str]
    replacements: Mapping[str, str] = field(default_factory=dict)


@transaction.atomic
def create_campaign(
    *,
    name: str,
    audience: str,
    list_key: str,
    subject: str,
    text: str,
    html: str = "",
    from_email: str = "",
    reply_to: str = "",
    list_id: str = "",
    headers: Mapping[str, str] | None = None,
    messages_per_second: int | None = None,
    variants: Sequence[Variant] = (),
) -> Campaign:
    """A draft, rendered once with placeholders (`message.placeholder_context()`), in `variants` if any
    (its audience then says which each reader is sent; `audiences.register_audience`)."""
    if not is_registered(audience):
        raise MailingError(_("Public inconnu : %(audience)s.") % {"audience": audience})
    campaign = Campaign.objects.create(
        name=name,
        audience=audience,
        list_key=list_key,
        list_id=list_id,
        subject=subject,
        html=html,
        text=text,
        from_email=from_email or app_settings.default_from_email(),
        reply_to=reply_to,
        headers=dict(headers or {}),
        messages_per_second=(
            app_settings.default_messages_per_second() if messages_per_second is None else messages_per_second
        ),
    )
    CampaignVariant.objects.bulk_create(
        CampaignVariant(
            campaign=campaign,
            number=variant.number,
            subject=variant.subject,
            sections=list(variant.sections),
            replacements=dict(variant.replacements),
        )
        for variant in variants
    )
    return campaign


@transaction.atomic
def start_campaign(*, campaign: Campaign) -> int:
    """Snapshot the recipients into one Delivery each (one INSERT … SELECT) and enqueue the sending.

    Returns the number of recipients. Raises `IllegalTransition` unless the campaign is a draft, and
    `MailingError` (nothing changed) when the audience assigns a reader a variant the campaign lacks.
    """
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    locked.transition(CampaignStatus.SENDING)
    try:
        total = _snapshot(locked)
    except UnknownAudience:
        raise MailingError(_("Public inconnu : %(audience)s.") % {"audience": locked.audience}) from None
    _check_variants(locked)
    now = timezone.now()
    locked.total = total
    locked.started_at = now
    if total == 0:
        locked.transition(CampaignStatus.SENT)
        locked.finished_at = now
    locked.save(update_fields=["status", "total", "started_at", "finished_at"])
    _copy_state(locked, campaign)
    if total:
        tasks = min(app_settings.parallel_tasks(), math.ceil(total / app_settings.batch_size()))
        transaction.on_commit(partial(enqueue_sending, campaign_id=locked.pk, tasks=max(1, tasks)))
    logger.info("Campaign %s started: %s recipients", locked.pk, total)
    return total


def _snapshot(campaign: Campaign) -> int:
    """INSERT INTO delivery (campaign, user, email[, variant]) SELECT … FROM the audience: no row passes through
    Python. Readers of one variant get consecutive ids, so a worker meets each variant in one stretch."""
    selected = recipients(campaign)
    names = ["campaign", "user", "email"]
    variant = variant_of(campaign)
    if variant is None:
        selected = selected.values_list(Value(campaign.pk), "pk", Lower("email"))
    else:
        names.append("variant")
        selected = (
            selected.annotate(mailing_variant=variant)
            .values_list(Value(campaign.pk), "pk", Lower("email"), "mailing_variant")
            .order_by("mailing_variant", "pk")
        )
    select_sql, params = selected.query.sql_with_params()
    table = connection.ops.quote_name(Delivery._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(_column(name)) for name in names)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {select_sql}", params)
        return max(cursor.rowcount, 0)


def _check_variants(campaign: Campaign) -> None:
    numbers = list(CampaignVariant.objects.filter(campaign=campaign).values_list("number", flat=True))
    if not numbers:
        return
    strays = Delivery.objects.filter(campaign=campaign).filter(Q(variant__isnull=True) | ~Q(variant__in=numbers))
    if strays.exists():
        raise MailingError(_("Des destinataires n'ont pas de version du message : envoi non commencé."))


def _column(name: str) -> str:
    field = Delivery._meta.get_field(name)
    assert isinstance(field, Field) and field.column
    return field.column


def enqueue_sending(*, campaign_id: int, tasks: int = 1) -> None:
    # Imported here: the tasks module imports the sender, which imports this module.
    from courrier.mailing.tasks import send_campaign

    for _number in range(tasks):
        send_campaign.enqueue(campaign_id)


@transaction.atomic
def cancel_campaign(*, campaign: Campaign) -> int:
    """Stop a draft or a sending: what is not yet claimed is cancelled (a batch in flight completes).

    Returns the number of deliveries cancelled.
    """
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    locked.transition(CampaignStatus.CANCELLED)
    now = timezone.now()
    cancelled = (
        Delivery.objects.filter(campaign=locked)
        .filter(Q(status=DeliveryStatus.PENDING) | Q(status=DeliveryStatus.SENDING, lease_expires_at__lte=now))
        .update(
            status=DeliveryStatus.CANCELLED, last_error=CANCELLED_WITH_CAMPAIGN, leased_by="", lease_expires_at=None
        )
    )
    locked.finished_at = now
    _count_deliveries(locked)
    locked.save()
    _copy_state(locked, campaign)
    return cancelled


@transaction.atomic
def complete_campaign(*, campaign_id: int) -> bool:
    """Mark a sending campaign sent once no delivery is pending or in flight; refresh its counts.

    Safe to call from any number of workers at once (the campaign row is locked). True when sent.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    unfinished = Delivery.objects.filter(campaign=campaign).unfinished().exists()
    _count_deliveries(campaign)
    if campaign.status == CampaignStatus.SENDING and not unfinished:
        campaign.transition(CampaignStatus.SENT)
        campaign.finished_at = timezone.now()
        logger.info("Campaign %s sent: %s sent, %s failed", campaign.pk, campaign.sent_count, campaign.failed_count)
    campaign.save(update_fields=["status", "finished_at", "sent_count", "failed_count", "cancelled_count"])
    return campaign.status == CampaignStatus.SENT


def _count_deliveries(campaign: Campaign) -> None:
    counts = Delivery.objects.filter(campaign=campaign).aggregate(
        sent=Count("pk", filter=Q(status=DeliveryStatus.SENT)),
        failed=Count("pk", filter=Q(status=DeliveryStatus.FAILED)),
        cancelled=Count("pk", filter=Q(status=DeliveryStatus.CANCELLED)),
    )
    campaign.sent_count = counts["sent"]
    campaign.failed_count = counts["failed"]
    campaign.cancelled_count = counts["cancelled"]


def _copy_state(source: Campaign, target: Campaign) -> None:
    if source is not target:
        for field in ("status", "total", "sent_count", "failed_count", "cancelled_count", "started_at", "finished_at"):
            setattr(target, field, getattr(source, field))


def send_test_message(*, campaign: Campaign, user: User) -> str:
    """Send the campaign to `user` now, as they would receive it, outside any delivery; returns its Message-ID."""
    message = CampaignMessage(campaign).personalise(Recipient(email=user.email, user=user))
    message.subject = _("[Essai] %(subject)s") % {"subject": message.subject}
    message.connection = get_connection()
    message.send()
    return str(message.extra_headers["Message-ID"])


# Suppressions ---------------------------------------------------------------------------------


def suppress_address(
    *, email: str, reason: SuppressionReason, source: str, detail: str = "", event_id: str = ""
) -> Suppression | None:
    """Block an address from every campaign. Idempotent: an address already blocked stays as it is,
    and an event already recorded (`event_id`, even on a lifted row) changes nothing. Returns the new row."""
    email = email.strip().lower()
    if not email:
        return None
    if event_id and Suppression.objects.filter(event_id=event_id).exists():
        return None
    if Suppression.objects.active().filter(email=email).exists():
        return None
    try:
        with transaction.atomic():
            suppression = Suppression.objects.create(
                email=email,
                reason=reason,
                source=source[:100],
                detail=detail[:LAST_ERROR_LENGTH],
                event_id=event_id[:255],
            )
    except IntegrityError:
        # Another process recorded the same address or event at the same moment.
        return None
    logger.info("Suppressed %s (%s, %s)", email, reason, source)
    return suppression


def record_bounce(*, email: str, source: str, detail: str = "", event_id: str = "") -> Suppression | None:
    """A permanent failure that means the address is dead (user unknown, mailbox unavailable)."""
    return suppress_address(
        email=email, reason=SuppressionReason.HARD_BOUNCE, source=source, detail=detail, event_id=event_id
    )


def record_complaint(*, email: str, source: str, detail: str = "", event_id: str = "") -> Suppression | None:
    """The recipient reported a message as spam: nothing more is sent to them."""
    return suppress_address(
        email=email, reason=SuppressionReason.COMPLAINT, source=source, detail=detail, event_id=event_id
    )


@transaction.atomic
def record_provider_event(
    *, email: str, reason: SuppressionReason, source: str, message_id: str, detail: str = "", event_id: str = ""
) -> Suppression | SuppressionReport | None:
    """A provider's webhook (already authenticated) says `email` bounced, complained or unsubscribed.

    When the event names a message we sent to that address (`Delivery.objects.reported_by_provider`),
    the address is suppressed as after a refusal of our own sending. Otherwise nothing is blocked
    on the event's word: it is kept as a `SuppressionReport` for staff to confirm or dismiss. Once
    per event (`event_id`, on either table), and one pending report per address. Returns what was
    created, if anything.
    """
    email = email.strip().lower()
    if not email:
        return None
    if Delivery.objects.reported_by_provider(message_id=message_id, email=email).exists():
        return suppress_address(email=email, reason=reason, source=source, detail=detail, event_id=event_id)
    event_id = event_id[:255]
    if event_id and (
        Suppression.objects.filter(event_id=event_id).exists()
        or SuppressionReport.objects.filter(event_id=event_id).exists()
    ):
        return None
    if SuppressionReport.objects.pending().filter(email=email).exists():
        return None
    try:
        with transaction.atomic():
            report = SuppressionReport.objects.create(
                email=email,
                reason=reason,
                source=source[:100],
                detail=detail[:LAST_ERROR_LENGTH],
                event_id=event_id,
                provider_message_id=message_id.strip()[:255],
            )
    except IntegrityError:
        return None  # the provider's retry of the same event, at the same moment
    logger.warning("Provider report for %s (%s, %s) matches no delivery of ours: kept for staff", email, reason, source)
    return report


@transaction.atomic
def confirm_suppression_report(*, report: SuppressionReport, by: User | None) -> Suppression | None:
    """Staff judge the report true: the address is blocked (unless it already is). Returns the new suppression."""
    locked = _pending_report(report)
    suppression = suppress_address(
        email=locked.email,
        reason=SuppressionReason(locked.reason),
        source=locked.source,
        detail=locked.detail,
        event_id=locked.event_id,
    )
    locked.suppression = suppression or Suppression.objects.active().filter(email=locked.email).first()
    _decide(locked, SuppressionReportStatus.CONFIRMED, by=by, fields=["suppression"])
    _copy_report(locked, report)
    return suppression


@transaction.atomic
def dismiss_suppression_report(*, report: SuppressionReport, by: User | None) -> SuppressionReport:
    """Staff judge the report wrong (or not ours): nothing is blocked, and the report stays as history."""
    locked = _pending_report(report)
    _decide(locked, SuppressionReportStatus.DISMISSED, by=by)
    _copy_report(locked, report)
    return locked


def _pending_report(report: SuppressionReport) -> SuppressionReport:
    locked = SuppressionReport.objects.select_for_update().get(pk=report.pk)
    if not locked.is_pending:
        raise MailingError(_("Ce signalement a déjà été traité."))
    return locked


def _decide(
    report: SuppressionReport, status: SuppressionReportStatus, *, by: User | None, fields: Sequence[str] = ()
) -> None:
    report.status = status
    report.decided_at = timezone.now()
    report.decided_by = by
    report.save(update_fields=["status", "decided_at", "decided_by", *fields])


def _copy_report(source: SuppressionReport, target: SuppressionReport) -> None:
    if source is not target:
        for name in ("status", "decided_at", "decided_by", "suppression"):
            setattr(target, name, getattr(source, name))


@transaction.atomic
def lift_suppression(*, suppression: Suppression, by: User | None = None) -> Suppression:
    """Campaigns may reach the address again; the row stays, dated, as its history."""
    locked = Suppression.objects.select_for_update().get(pk=suppression.pk)
    if locked.lifted_at is not None:
        raise MailingError(_("Cette adresse n'est plus bloquée."))
    locked.lifted_at = timezone.now()
    locked.lifted_by = by
    locked.save(update_fields=["lifted_at", "lifted_by"])
    suppression.lifted_at, suppression.lifted_by = locked.lifted_at, by
    return locked


def request_suppression_lift(*, user: User) -> Suppression | None:
    """Mail `user`, at their blocked address, a link that lifts the block once followed (`lift_own_suppression`).

    Following it proves, now, that the mailbox works and is theirs: no one lifts a block on
    someone else's word. None when the address is not blocked; `MailingError` when only staff
    may lift it (a block they added by hand).
    """
    suppression = Suppression.objects.active().of_address(user.email).first()
    if suppression is None:
        return None
    if not suppression.owner_may_lift:
        raise MailingError(
            _("Ce blocage a été ajouté par notre équipe : écrivez-nous à %(email)s pour le lever.")
            % {"email": settings.PUBLISHER["email"]}
        )
    token = make_lift_token(suppression_id=suppression.pk, email=suppression.email)
    url = app_settings.site_url() + reverse("suppression_lift", args=[token])
    send_templated_mail(
        template="mailing/suppression/email/lift",
        to=[suppression.email],
        context={
            "email": suppression.email,
            "url": url,
            "days": LIFT_MAX_AGE.days,
            "reason": suppression.get_reason_display(),
        },
    )
    logger.info("Suppression %s: lift link mailed at its owner's request", suppression.pk)
    return suppression


@transaction.atomic
def lift_own_suppression(*, suppression_id: int, email: str) -> Suppression:
    """The owner of the address followed the link mailed to it: campaigns may reach it again.

    Refused (`MailingError`, nothing changed) unless that suppression still blocks that very
    address and is one an owner may lift. Its `lifted_by` is the account with that address, if any.
    """
    locked = Suppression.objects.select_for_update().filter(pk=suppression_id, email=email.strip().lower()).first()
    if locked is None or not locked.is_active:
        raise MailingError(_("Ce lien ne correspond plus à un blocage en cours : rien n'a été changé."))
    if not locked.owner_may_lift:
        raise MailingError(_("Ce blocage ne peut être levé que par notre équipe."))
    lift_suppression(suppression=locked, by=User.objects.filter(email__iexact=locked.email).first())
    logger.info("Suppression %s lifted by the owner of the address", locked.pk)
    return locked


# Consent ------------------------------------------------------------------------------------


def record_consent(
    *,
    email: str,
    list_key: str,
    action: ConsentAction,
    source: str,
    wording: str = "",
    user: User | None = None,
) -> ConsentRecord:
    """Append one opt-in or opt-out, with the wording the person saw (never updated afterwards)."""
    return ConsentRecord.objects.create(
        user=user, email=email.strip().lower(), list_key=list_key, action=action, source=source, wording=wording
    )


# Returned mail ------------------------------------------------------------------------------


@transaction.atomic
def record_returned_mail(
    *, delivery: Delivery, detail: str, dead_address: bool, source: str, event_id: str = ""
) -> Suppression | None:
    """A message the relay accepted came back refused later (a bounce, see `bounces.py`).

    The delivery stays `sent` (it did leave us) and its last error says why it did not arrive;
    a dead address is suppressed as after a refusal during the SMTP session. A report read
    twice changes nothing more (`event_id`). Returns the new suppression, if any.
    """
    detail = detail[:LAST_ERROR_LENGTH]
    Delivery.objects.filter(pk=delivery.pk).update(last_error=detail)
    if not dead_address:
        return None
    return record_bounce(email=delivery.email, source=source, detail=detail, event_id=event_id)
