"""An Alerte Décrets goes out through the mailing pipeline as one campaign, in one variant per distinct set
of decrees.

Readers narrow the alert with filters, so one message does not fit all. The readers are grouped
by the set of decrees their filters select; each set (a `DecreeAlertPart`) is one variant of the
alert's campaign (`mailing.CampaignVariant`): the issue is rendered once
(`email.AlertRendering`) and each variant keeps the sections of its decrees. The campaign's
audience, `alerte-decrets:<alert id>`, is every reader some part holds, and tells mailing which
variant each is sent. A reader whose filters select nothing this issue is in no part and gets no
email.

Sending an alert (`start_alert`, run by a task once the issue is published) is resumable: the
parts are planned once, in one transaction; then the campaign is created, its variants stored
and its recipients snapshotted in another, so a worker that dies leaves either nothing or a
campaign that mailing sends (with its own crash safety), never half an alert.

The audience is asked when mailing snapshots the recipients: the readers entitled to Alerte
Décrets and opted in (`editions.recipients`) whose filters some part holds. Before each batch it is
asked again, then only for entitlement and opt-in: a reader who changes filters while the alert
goes out still receives their variant, and one who opts out or whose licence ends is not sent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Case, Count, Exists, Expression, OuterRef, PositiveIntegerField, QuerySet, Subquery, When
from django.utils import timezone

from courrier.accounts.models import User
from courrier.alerts.email import AlertContent, AlertRendering, campaign_name
from courrier.alerts.matching import Criteria, IssueIndex
from courrier.alerts.models import DecreeAlert, DecreeAlertFilter, DecreeAlertPart, DecreeAlertSignature
from courrier.editions.email import publisher
from courrier.editions.models import Publication
from courrier.editions.recipients import recipients
from courrier.licensing import entitlements
from courrier.mailing import actions as mailing
from courrier.mailing.audiences import audience_argument, register_audience
from courrier.mailing.message import scope_campaign
from courrier.mailing.models import Campaign, Delivery
from courrier.parliament.models import Decree

AUDIENCE = "alerte-decrets"
PUBLICATION_KEY = "alerte-decrets"
CAMPAIGN_SCOPE = "campaign"


def alert_publication() -> Publication | None:
    """The Alerte Décrets publication, while it is active."""
    return Publication.objects.active().filter(key=PUBLICATION_KEY).first()


def alert_of(campaign: Campaign) -> DecreeAlert | None:
    argument = audience_argument(campaign.audience)
    return DecreeAlert.objects.filter(pk=int(argument)).first() if argument.isdigit() else None


def reader_variant(campaign: Campaign) -> Expression:
    """Each reader's variant: that of the part holding their filter's signature, or of the unfiltered part."""
    argument = audience_argument(campaign.audience)
    alert_id = int(argument) if argument.isdigit() else 0
    signature_part = DecreeAlertSignature.objects.filter(
        alert_id=alert_id, signature=OuterRef("decree_alert_filter__signature")
    ).values("part__variant")[:1]
    unfiltered_part = DecreeAlertPart.objects.filter(alert_id=alert_id, includes_unfiltered=True).values("variant")[:1]
    return Case(
        When(decree_alert_filter__isnull=True, then=Subquery(unfiltered_part)),
        default=Subquery(signature_part),
        output_field=PositiveIntegerField(),
    )


@register_audience(AUDIENCE, variant=reader_variant)
def alert_readers(campaign: Campaign) -> QuerySet[User]:
    """The alert's readers now: entitled and opted in to Alerte Décrets, and, until the snapshot is taken,
    some part of the alert holding their filters."""
    alert = alert_of(campaign)
    publication = Publication.objects.filter(key=PUBLICATION_KEY).first()
    if alert is None or publication is None:
        return User.objects.none()
    readers = recipients(publication)
    if Delivery.objects.filter(campaign_id=campaign.pk).exists():
        return readers  # snapshotted: who matched is decided
    return readers.filter(alert.readers_condition())


# Reading links ---------------------------------------------------------------------------------


def decrees_link_opens(argument: str, decrees: list[Decree]) -> list[Decree]:
    """A reading link sent with an alert opens the decrees of the reader's variant, and no other (one query)."""
    campaign_id, variant = scope_campaign(argument) or (0, None)
    if variant is None:
        return []
    part = DecreeAlertPart.objects.filter(alert__campaign_id=campaign_id, variant=variant)
    opened = set(part.values_list("decree_ids", flat=True).first() or ())
    return [decree for decree in decrees if decree.pk in opened]


# A campaign's links carry the scope `campaign:<id>/<variant>`; editions answers for its articles, this for decrees.
entitlements.register_reading_scope_many(CAMPAIGN_SCOPE, decrees_link_opens, kind=Decree)


# Parts -----------------------------------------------------------------------------------------


@dataclass
class PlannedPart:
    """A set of decrees (a mask of the issue's index) and the filter signatures selecting exactly it."""

    mask: int
    signatures: list[str] = field(default_factory=list)
    includes_unfiltered: bool = False


def plan_parts(index: IssueIndex, readers: QuerySet[User]) -> list[PlannedPart]:
    """Group the readers' distinct filters by the set of decrees they select; the largest set first.

    Two queries whatever the number of readers: whether some have no filter (they receive
    everything), and the distinct filters of the others. Filters selecting nothing form no part.
    """
    parts: dict[int, PlannedPart] = {}
    if index.everything and readers.filter(~Exists(DecreeAlertFilter.objects.filter(user=OuterRef("pk")))).exists():
        parts[index.everything] = PlannedPart(index.everything, includes_unfiltered=True)
    distinct = dict(
        DecreeAlertFilter.objects.filter(user__in=readers.values("pk"))
        .order_by()
        .values_list("signature", "criteria")
        .distinct()
    )
    for signature, criteria in distinct.items():
        mask = index.mask(Criteria.from_json(criteria))
        if mask:
            parts.setdefault(mask, PlannedPart(mask)).signatures.append(signature)
    return sorted(parts.values(), key=lambda part: (-part.mask.bit_count(), part.mask))


def reached_readers(index: IssueIndex, readers: QuerySet[User]) -> int:
    """How many of `readers` an alert of these decrees would reach: those without filters, and those whose
    filters select at least one decree (as `plan_parts` plans it); a few queries whatever their number."""
    planned = plan_parts(index, readers)
    selecting = {signature for part in planned for signature in part.signatures}
    with_filters = (
        DecreeAlertFilter.objects.filter(user__in=readers.values("pk"))
        .order_by()
        .values_list("signature")
        .annotate(readers=Count("pk"))
    )
    reached = sum(count for signature, count in with_filters if signature in selecting)
    if any(part.includes_unfiltered for part in planned):
        reached += readers.filter(~Exists(DecreeAlertFilter.objects.filter(user=OuterRef("pk")))).count()
    return reached


def alert_content(alert: DecreeAlert) -> AlertContent:
    """The decrees the alert carries: those of its issue published with it (not any entered since)."""
    return AlertContent.of(alert.issue, published_by=alert.created_at)


def plan_alert(*, alert: DecreeAlert, content: AlertContent, publication: Publication) -> list[DecreeAlertPart]:
    """The alert's parts, planned the first time (under the alert's lock) and as planned afterwards."""
    with transaction.atomic():
        locked = DecreeAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.planned_at is None:
            planned = plan_parts(content.index, recipients(publication))
            parts = DecreeAlertPart.objects.bulk_create(
                DecreeAlertPart(
                    alert=locked,
                    variant=number,
                    decree_ids=content.index.decree_ids(plan.mask),
                    includes_unfiltered=plan.includes_unfiltered,
                )
                for number, plan in enumerate(planned, start=1)
            )
            DecreeAlertSignature.objects.bulk_create(
                DecreeAlertSignature(alert=locked, part=part, signature=signature)
                for part, plan in zip(parts, planned, strict=True)
                for signature in plan.signatures
            )
            locked.planned_at = timezone.now()
            locked.save(update_fields=["planned_at"])
    return list(DecreeAlertPart.objects.filter(alert=alert).order_by("variant"))


def start_campaign(
    *, alert: DecreeAlert, parts: list[DecreeAlertPart], rendering: AlertRendering, publication: Publication
) -> Campaign | None:
    """Create the alert's campaign with a variant per part and start it, unless another run did (then None)."""
    variants = [rendering.variant(part.variant, part.decree_ids) for part in parts]
    with transaction.atomic():
        locked = DecreeAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.campaign_id is not None:
            return None
        campaign = mailing.create_campaign(
            audience=f"{AUDIENCE}:{locked.pk}",
            name=campaign_name(alert.issue, len(parts)),
            list_key=publication.key,
            subject=rendering.subject,
            html=rendering.html,
            text=rendering.text,
            reply_to=publisher("email"),
            variants=variants,
        )
        locked.campaign = campaign
        locked.save(update_fields=["campaign"])
        mailing.start_campaign(campaign=campaign)
    alert.campaign = campaign
    return campaign


def start_alert(*, alert: DecreeAlert, now: datetime.datetime | None = None) -> DecreeAlert:
    """Plan the alert's parts if need be, then start its campaign if none is; idempotent, resumable."""
    publication = Publication.objects.filter(key=PUBLICATION_KEY).first()
    if publication is not None and alert.started_at is None:
        content = alert_content(alert)
        parts = plan_alert(alert=alert, content=content, publication=publication)
        if parts and alert.campaign_id is None:
            rendering = AlertRendering(content, publication)  # the costly step: skipped when nothing is left
            start_campaign(alert=alert, parts=parts, rendering=rendering, publication=publication)
        DecreeAlert.objects.filter(pk=alert.pk, started_at__isnull=True).update(started_at=now or timezone.now())
    return DecreeAlert.objects.select_related("campaign", "issue").get(pk=alert.pk)
