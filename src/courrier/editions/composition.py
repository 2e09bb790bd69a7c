"""Composing an edition: what a new one starts with, and the editor's changes to its articles and introduction.

The articles change only through `actions.set_articles` (the edition row locked meanwhile, so two
editors never lose each other's change); an edition whose composition is closed (programmée, en cours
d'envoi…) raises `IllegalTransition` and nothing changes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from courrier.editions.actions import IllegalTransition, set_articles
from courrier.editions.models import Cadence, Edition, EditionArticle, EditionStatus, Publication
from courrier.newsroom.models import ArticlePage, ArticlePageQuerySet

# Without a previous edition, a new one looks back this far from its own sending time.
FIRST_EDITION_LOOKBACK = {Cadence.WEEKLY: datetime.timedelta(days=7)}
DEFAULT_LOOKBACK = datetime.timedelta(days=1)
# The editor's search box looks at titles of articles this recent (an index range, not 32 years).
SEARCH_DAYS = 90
SEARCH_RESULTS = 20
# Publications go out on the publisher's clock, whatever time zone an editor chose for the admin.
MONTREAL = ZoneInfo("America/Montreal")
OPEN_FOR_COMPOSITION = frozenset({EditionStatus.DRAFT, EditionStatus.READY})


def sending_moment(publication: Publication, day: datetime.date) -> datetime.datetime:
    """When an edition of `publication` for `day` goes out, in Montréal time (midnight without a send time)."""
    return datetime.datetime.combine(day, publication.send_time or datetime.time(), tzinfo=MONTREAL)


def previous_edition(publication: Publication, day: datetime.date) -> Edition | None:
    """The latest edition of the publication before `day` that was not cancelled."""
    return (
        Edition.objects.filter(publication=publication, date__lt=day)
        .exclude(status=EditionStatus.CANCELLED)
        .order_by("-date")
        .first()
    )


def articles_since_previous_edition(publication: Publication, day: datetime.date) -> ArticlePageQuerySet:
    """Live articles published since the previous edition went out (or was due to) and before this one's
    sending time, that no other edition of the publication already carries; oldest first, newest last."""
    previous = previous_edition(publication, day)
    if previous is None:
        lookback = FIRST_EDITION_LOOKBACK.get(Cadence(publication.cadence), DEFAULT_LOOKBACK)
        since = sending_moment(publication, day) - lookback
    else:
        since = previous.sent_at or previous.scheduled_for or sending_moment(publication, previous.date)
    carried = EditionArticle.objects.filter(
        article=OuterRef("pk"), edition__publication=publication, edition__date__lt=day
    ).exclude(edition__status=EditionStatus.CANCELLED)
    articles: ArticlePageQuerySet = ArticlePage.objects.live()
    return (
        articles.published_between(since, sending_moment(publication, day))
        .filter(~Exists(carried))
        .order_by("published_at", "id")
    )


def articles_of(edition: Edition) -> list[ArticlePage]:
    """The edition's articles in their order (teaser fields and category, never the body)."""
    items = (
        EditionArticle.objects.filter(edition=edition)
        .select_related("article", "article__category")
        .defer("article__body")
        .order_by("position")
    )
    return [item.article for item in items]


def search_articles(query: str, *, exclude: Sequence[int] = ()) -> list[ArticlePage]:
    """Recent live articles whose title contains `query`, newest first."""
    query = " ".join(query.split())
    if not query:
        return []
    since = timezone.now() - datetime.timedelta(days=SEARCH_DAYS)
    articles: ArticlePageQuerySet = ArticlePage.objects.teasers()
    found = articles.published_between(since).filter(title__icontains=query).exclude(pk__in=exclude)
    return list(found.newest_first()[:SEARCH_RESULTS])


def _recompose(edition: Edition, change: Callable[[list[ArticlePage]], list[ArticlePage]]) -> Edition:
    """Apply `change` to the current list of articles under a lock on the edition, through `set_articles`."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.status not in OPEN_FOR_COMPOSITION:
        raise IllegalTransition(f"{locked.get_status_display()} : composition fermée")
    return set_articles(edition=locked, articles=change(articles_of(locked)))


@transaction.atomic
def add_article(*, edition: Edition, article: ArticlePage) -> Edition:
    """Put `article` at the end of the edition (nothing changes when it is there already)."""
    return _recompose(edition, lambda articles: articles if article in articles else [*articles, article])


@transaction.atomic
def remove_article(*, edition: Edition, article_id: int) -> Edition:
    return _recompose(edition, lambda articles: [article for article in articles if article.pk != article_id])


@transaction.atomic
def move_article(*, edition: Edition, article_id: int, offset: int) -> Edition:
    """Move an article `offset` places (-1: up, 1: down), staying within the edition."""

    def moved(articles: list[ArticlePage]) -> list[ArticlePage]:
        ids = [article.pk for article in articles]
        if article_id not in ids:
            return articles
        old = ids.index(article_id)
        new = max(0, min(len(articles) - 1, old + offset))
        articles.insert(new, articles.pop(old))
        return articles

    return _recompose(edition, moved)


@transaction.atomic
def write_introduction(*, edition: Edition, introduction: str) -> Edition:
    """The editor's introduction, while the composition is open."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.status not in OPEN_FOR_COMPOSITION:
        raise IllegalTransition(f"{locked.get_status_display()} : composition fermée")
    locked.introduction = introduction.strip()
    locked.save(update_fields=["introduction"])
    return locked
