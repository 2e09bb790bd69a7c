"""An Alerte Décrets goes out through the mailing pipeline, in one campaign per distinct set of decrees.

Readers narrow the alert with filters, so one message does not fit all, and mailing renders a
campaign once and only substitutes each reader's address, name and links. The readers are
therefore grouped by the set of decrees their filters select; each set (a `DecreeAlertPart`) is
sent by its own campaign to the audience `alerte-decrets:<part id>`, its email cut from one
rendering of the whole issue (`email.AlertRendering`). A reader whose filters select nothing
this issue is in no part and gets no email.

Sending an alert (`start_alert`, run by a task once the issue is published) is resumable: the
parts are planned once, in one transaction, then each part's campaign is created and started in
its own short transaction, so a worker that dies leaves the parts not yet started for the next
run (`tasks.resume_decree_alerts`) and never a write lock held for the whole alert.

The audience is asked when mailing snapshots a part's recipients: the readers entitled to Alerte
Décrets and opted in (`editions.recipients`) whose filters select this set, less anyone already
snapshotted into another part of the alert (a reader changing filters between two parts' snapshots
gets one email, not two). Before each batch it is asked again, then only for entitlement and opt-in:
a reader who changes filters while the alert goes out still receives their part, and one who opts
out or whose licence ends is not sent.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
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
from courrier.mailing.models import Campaign, Delivery
from courrier.parliament.models import Decree

AUDIENCE = "alerte-decrets"
PUBLICATION_KEY = "alerte-decrets"
CAMPAIGN_SCOPE = "campaign"


def alert_publication() -> Publication | None:
    """The Alerte Décrets publication, while it is active."""
    return Publication.objects.active().filter(key=PUBLICATION_KEY).first()


@register_audience(AUDIENCE)
def alert_part_readers(campaign: Campaign) -> QuerySet[User]:
    """The part's readers now: entitled and opted in to Alerte Décrets, and, until the snapshot is taken,
    their filters selecting the part's decrees and no other part of the alert holding them."""
    argument = audience_argument(campaign.audience)
    part = DecreeAlertPart.objects.filter(pk=int(argument)).first() if argument.isdigit() else None
    publication = Publication.objects.filter(key=PUBLICATION_KEY).first()
    if part is None or publication is None:
        return User.objects.none()
    readers = recipients(publication)
    if Delivery.objects.filter(campaign_id=campaign.pk).exists():
        return readers  # snapshotted: who matched is decided
    elsewhere = Delivery.objects.filter(user=OuterRef("pk"), campaign__decree_alert_part__alert_id=part.alert_id)
    return readers.filter(part.readers_condition()).exclude(Exists(elsewhere))


# Reading links ---------------------------------------------------------------------------------


def decree_link_opens(argument: str, document: Any) -> bool:
    """A reading link sent with an alert's campaign opens the decrees of that part, and no other."""
    if not isinstance(document, Decree) or not argument.isdigit():
        return False
    decree_ids = DecreeAlertPart.objects.filter(campaign_id=int(argument)).values_list("decree_ids", flat=True).first()
    return decree_ids is not None and document.pk in decree_ids


# A campaign's links carry the scope `campaign:<id>`; editions answers for its articles, this for decrees.
entitlements.register_reading_scope(CAMPAIGN_SCOPE, decree_link_opens, kind=Decree)


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
                    decree_ids=content.index.decree_ids(plan.mask),
                    includes_unfiltered=plan.includes_unfiltered,
                )
                for plan in planned
            )
            DecreeAlertSignature.objects.bulk_create(
                DecreeAlertSignature(part=part, signature=signature)
                for part, plan in zip(parts, planned, strict=True)
                for signature in plan.signatures
            )
            locked.planned_at = timezone.now()
            locked.save(update_fields=["planned_at"])
    return list(DecreeAlertPart.objects.filter(alert=alert).order_by("pk"))


def start_part(
    *, part: DecreeAlertPart, rendering: AlertRendering, publication: Publication, name: str
) -> Campaign | None:
    """Create and start the part's campaign, unless another run already did (then None)."""
    with transaction.atomic():
        locked = DecreeAlertPart.objects.select_for_update().get(pk=part.pk)
        if locked.campaign_id is not None:
            return None
        rendered = rendering.part(locked.decree_ids)
        campaign = mailing.create_campaign(
            audience=f"{AUDIENCE}:{locked.pk}",
            name=name,
            list_key=publication.key,
            subject=rendered.subject,
            html=rendered.html,
            text=rendered.text,
            reply_to=publisher("email"),
        )
        locked.campaign = campaign
        locked.save(update_fields=["campaign"])
        mailing.start_campaign(campaign=campaign)
    part.campaign = campaign
    return campaign


def start_alert(*, alert: DecreeAlert, now: datetime.datetime | None = None) -> list[DecreeAlertPart]:
    """Plan the alert's parts if need be, then start each part not yet started; idempotent, resumable."""
    publication = Publication.objects.filter(key=PUBLICATION_KEY).first()
    if publication is not None and alert.started_at is None:
        content = alert_content(alert)
        parts = plan_alert(alert=alert, content=content, publication=publication)
        waiting = [(number, part) for number, part in enumerate(parts, start=1) if part.campaign_id is None]
        if waiting:
            rendering = AlertRendering(content, publication)  # the costly step: skipped when nothing is left
            for number, part in waiting:
                start_part(
                    part=part,
                    rendering=rendering,
                    publication=publication,
                    name=campaign_name(alert.issue, number, len(parts), len(part.decree_ids)),
                )
        DecreeAlert.objects.filter(pk=alert.pk, started_at__isnull=True).update(started_at=now or timezone.now())
    return list(DecreeAlertPart.objects.filter(alert=alert).select_related("campaign").order_by("pk"))
