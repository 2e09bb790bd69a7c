"""An edition goes out through the mailing pipeline: who receives it, starting it, closing it; an update
of a weekly edition goes out the same way, to the same audience, in a campaign of its own.

The audience `edition:<id>` is asked when the recipients are snapshotted and again
before each batch: a reader who opts out or whose licence ends mid-send is not sent.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from courrier.accounts.models import User
from courrier.core.fields import database_int
from courrier.editions import actions
from courrier.editions.composition import articles_since_previous_edition
from courrier.editions.email import campaign_fields, update_campaign_fields
from courrier.editions.models import Edition, EditionArticle, EditionStatus, EditionUpdate, Publication
from courrier.editions.recipients import recipients
from courrier.editions.schedule import publication_dates
from courrier.licensing.entitlements import register_reading_scope_many
from courrier.mailing import actions as mailing
from courrier.mailing.audiences import audience_argument, register_audience
from courrier.mailing.models import Campaign, CampaignStatus
from courrier.newsroom.models import ArticlePage

logger = logging.getLogger(__name__)
AUDIENCE = "edition"


@register_audience(AUDIENCE)
def edition_readers(campaign: Campaign) -> QuerySet[User]:
    """The edition's readers now: entitled, covered by their licence, not opted out."""
    edition = Edition.objects.select_related("publication").get(pk=int(audience_argument(campaign.audience)))
    return recipients(edition.publication)


def _articles_opened(field: str) -> Callable[[str, list[Any]], list[Any]]:
    def opened(argument: str, articles: list[Any]) -> list[Any]:
        key = database_int(argument)
        if key is None:
            return []
        in_edition = EditionArticle.objects.filter(**{field: key}, article__in=[a.pk for a in articles])
        ids = set(in_edition.values_list("article_id", flat=True))
        return [article for article in articles if article.pk in ids]

    return opened


_edition_campaign_opened = _articles_opened("edition__campaign_id")


def _campaign_link_opened(argument: str, articles: list[Any]) -> list[Any]:
    """The articles of the edition, or of the update, the campaign carried."""
    opened = {article.pk for article in _edition_campaign_opened(argument, articles)}
    campaign_id = database_int(argument)
    if campaign_id is not None:
        in_update = EditionUpdate.articles.through.objects.filter(
            editionupdate__campaign_id=campaign_id, articlepage__in=[a.pk for a in articles]
        )
        opened |= set(in_update.values_list("articlepage_id", flat=True))
    return [article for article in articles if article.pk in opened]


def _sent_with(field: str) -> Callable[[str, list[Any]], list[Any]]:
    """Editions or updates whose `field` (their campaign, or the edition itself) is the scope's argument."""

    def opened(argument: str, items: list[Any]) -> list[Any]:
        key = database_int(argument)
        if key is None:
            return []  # an alert's `12/3`: no edition has variants
        return [item for item in items if getattr(item, field) == key]

    return opened


# A reading link opens the articles of the edition or update it was sent with (or previewed with), nothing else;
# a listing asks once for all its articles. On the edition's page, an edition's link opens its introduction,
# and an update's link the text of that update: not the week's other updates, not another edition's words.
register_reading_scope_many("campaign", _campaign_link_opened, kind=ArticlePage)
register_reading_scope_many("edition", _articles_opened("edition_id"), kind=ArticlePage)
register_reading_scope_many("campaign", _sent_with("campaign_id"), kind=Edition)
register_reading_scope_many("edition", _sent_with("pk"), kind=Edition)
register_reading_scope_many("campaign", _sent_with("campaign_id"), kind=EditionUpdate)


def _campaign_to_readers(edition: Edition, fields: dict[str, str]) -> Campaign:
    """A draft campaign to the edition's readers, with the frame and list of every email of the edition."""
    return mailing.create_campaign(
        audience=f"{AUDIENCE}:{edition.pk}",
        name=fields["name"],
        list_key=fields["list_key"],
        subject=fields["subject"],
        html=fields["html"],
        text=fields["text"],
        reply_to=fields["reply_to"],
    )


@transaction.atomic
def send_edition(*, edition: Edition) -> Campaign:
    """Send now: the edition leaves the editors' hands (ready or scheduled only) and every reader is snapshotted."""
    edition = actions.start_sending(edition=edition)
    campaign = _campaign_to_readers(edition, campaign_fields(edition))
    Edition.objects.filter(pk=edition.pk).update(campaign=campaign)
    edition.campaign = campaign
    mailing.start_campaign(campaign=campaign)
    return campaign


@transaction.atomic
def send_update(*, update: EditionUpdate) -> Campaign:
    """Email an update now to the edition's readers (called by `actions.publish_update`, once per update)."""
    if update.campaign_id is not None:
        raise actions.UpdateRefused(_("Cette mise à jour a déjà été envoyée."))
    campaign = _campaign_to_readers(update.edition, update_campaign_fields(update))
    EditionUpdate.objects.filter(pk=update.pk).update(campaign=campaign)
    update.campaign = campaign
    mailing.start_campaign(campaign=campaign)
    return campaign


def send_due_editions(*, now: datetime.datetime | None = None) -> list[Edition]:
    """Scheduled editions whose time has come (each claimed by its own transition: two schedulers send once)."""
    sent = []
    for edition in Edition.objects.due(now).select_related("publication"):
        try:
            send_edition(edition=edition)
        except actions.EmptyEdition:
            logger.warning("Edition %s is due but has no article: not sent", edition.pk)
            continue
        except actions.IllegalTransition:
            continue  # another scheduler took it
        sent.append(edition)
    return sent


def close_sent_editions(*, edition: Edition | None = None) -> int:
    """Editions whose campaign has finished are sent (all of them, or the one given)."""
    closed = 0
    finished = Edition.objects.filter(status=EditionStatus.SENDING, campaign__status=CampaignStatus.SENT)
    if edition is not None:
        finished = finished.filter(pk=edition.pk)
    for edition in finished:
        try:
            actions.mark_sent(edition=edition)
        except actions.IllegalTransition:
            continue
        closed += 1
    return closed


def open_upcoming_editions(*, today: datetime.date | None = None, days: int = 2) -> list[Edition]:
    """Drafts for the coming days of every publication on a calendar, pre-filled with the articles
    published since its previous edition (idempotent: an existing edition is left as it is)."""
    today = today or timezone.localdate()
    opened = []
    for publication in Publication.objects.active():
        for day in publication_dates(publication, today, today + datetime.timedelta(days=days - 1)):
            if Edition.objects.filter(publication=publication, date=day).exists():
                continue
            articles = list(articles_since_previous_edition(publication, day))
            opened.append(actions.open_edition(publication=publication, date=day, articles=articles))
    return opened
