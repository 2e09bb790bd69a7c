"""Changes the newsroom makes outside Wagtail's own page actions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from wagtail.models import Page

from courrier.newsroom import search_documents
from courrier.newsroom.models import (
    ArticlePage,
    AutosavedDraft,
    MemberQuote,
    SearchDocument,
    SearchDocumentKind,
    parent_section_id,
)
from courrier.parliament.models import Decree, Member


@transaction.atomic
def index_member_quotes(*, article: ArticlePage) -> int:
    """Rebuilds the Member quotes of `article` from its live body (none once it is not live); returns how many.

    Read from the stored page, which Wagtail keeps equal to the live revision:
    a draft's quotes are indexed when the draft is published. Idempotent.
    """
    MemberQuote.objects.filter(article=article).delete()
    if not article.live:
        return 0
    found = list(_member_quotes(article.body.raw_data))
    # A Member deleted since the article was written is simply no longer quoted.
    existing = set(Member.objects.filter(pk__in={member_id for _, member_id, _ in found}).values_list("pk", flat=True))
    rows = [
        MemberQuote(article=article, member_id=member_id, position=position, quote=value["quote"], role=value["role"])
        for position, member_id, value in found
        if member_id in existing
    ]
    MemberQuote.objects.bulk_create(rows)
    return len(rows)


def _member_quotes(raw_body: Iterable[dict[str, Any]]) -> Iterable[tuple[int, int, dict[str, str]]]:
    """(rank in the body, Member id, quote and role) of every quote block naming a Member."""
    for position, block in enumerate(raw_body):
        value = block.get("value") or {}
        member_id = value.get("member") if block.get("type") == "quote" else None
        if isinstance(member_id, str) and member_id.isdigit():
            member_id = int(member_id)
        if isinstance(member_id, int) and value.get("quote"):
            yield position, member_id, {"quote": str(value["quote"]), "role": str(value.get("role") or "")[:300]}


def file_in_section(page: Page) -> None:
    """Records an article's rubrique again after Wagtail moved it (its save is bypassed by the move)."""
    ArticlePage.objects.filter(pk=page.pk).update(section_page_id=parent_section_id(page.path))


def relist_article(article_id: int) -> None:
    """Copies an article's `live` to its `listed` after Wagtail published or unpublished it.

    Wagtail saves the article itself when it does either, and `ArticlePage.save` copies it then;
    this reads the page row again for the paths that save only the page (a page queryset's `unpublish`).
    """
    live = Page.objects.filter(pk=OuterRef("pk")).values("live")[:1]
    ArticlePage.objects.filter(pk=article_id).update(listed=Subquery(live))


# Site search's read model (newsroom.search_documents), kept with the content in the same transaction.

REBUILD_CHUNK = 2000


def index_articles_for_search(articles: Sequence[ArticlePage]) -> None:
    """Writes the search documents of these articles as they are in memory (the live ones; the bulk loader's)."""
    search_documents.write(search_documents.article_documents(articles))


@transaction.atomic
def refresh_article_in_search(*, article_id: int) -> None:
    """The article's search document as the database holds it now: written if it is live, removed if not.

    Read afresh, never from the caller's instance, which may carry a draft's text.
    """
    article = ArticlePage.objects.live().select_related("category").filter(pk=article_id).first()
    search_documents.remove(SearchDocumentKind.ARTICLE, [article_id])
    if article is not None:
        search_documents.write(search_documents.article_documents([article]))


@transaction.atomic
def refresh_articles_in_search(*, article_ids: Sequence[int]) -> None:
    """As `refresh_article_in_search`, for many articles (a rubrique moved, a category renamed)."""
    for start in range(0, len(article_ids), REBUILD_CHUNK):
        chunk = article_ids[start : start + REBUILD_CHUNK]
        search_documents.remove(SearchDocumentKind.ARTICLE, chunk)
        live = ArticlePage.objects.live().select_related("category").filter(pk__in=chunk)
        search_documents.write(search_documents.article_documents(live))


@transaction.atomic
def refresh_decree_in_search(*, decree_id: int) -> None:
    """The decree's search document as the database holds it now: written once published, removed if not."""
    decree = Decree.objects.published().prefetch_related("ministries").filter(pk=decree_id).first()
    search_documents.remove(SearchDocumentKind.DECREE, [decree_id])
    if decree is not None:
        search_documents.write(search_documents.decree_documents([decree]))


def remove_from_search(*, kind: SearchDocumentKind, object_id: int) -> None:
    search_documents.remove(kind, [object_id])


@transaction.atomic
def rebuild_search_documents() -> int:
    """Rebuilds the whole read model from the live articles and published decrees; returns how many documents."""
    search_documents.remove_all()
    written = 0
    article_ids = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(article_ids), REBUILD_CHUNK):
        chunk = article_ids[start : start + REBUILD_CHUNK]
        articles = ArticlePage.objects.live().select_related("category").filter(pk__in=chunk)
        documents = search_documents.article_documents(articles)
        search_documents.write(documents)
        written += len(documents)
    decrees = search_documents.decree_documents(Decree.objects.published().prefetch_related("ministries"))
    search_documents.write(decrees)
    return written + len(decrees)


def refresh_search_of_section(*, section_id: int) -> None:
    """A rubrique's title is in its articles' public words."""
    section = Page.objects.filter(pk=section_id).first()
    if section is not None:
        ids = list(ArticlePage.objects.in_section(section).values_list("pk", flat=True))
        refresh_articles_in_search(article_ids=ids)


def refresh_search_of_category(*, category_id: int) -> None:
    """A category's name is in its articles' public words."""
    refresh_articles_in_search(
        article_ids=list(ArticlePage.objects.filter(category_id=category_id).values_list("pk", flat=True))
    )


@transaction.atomic
def refresh_search_of_ministry(*, ministry_id: int) -> None:
    """A ministry's name and acronym are in the public words of the decrees it recommended."""
    ids = list(Decree.objects.published().filter(ministries=ministry_id).values_list("pk", flat=True))
    for start in range(0, len(ids), REBUILD_CHUNK):
        chunk = ids[start : start + REBUILD_CHUNK]
        search_documents.remove(SearchDocumentKind.DECREE, chunk)
        decrees = Decree.objects.published().prefetch_related("ministries").filter(pk__in=chunk)
        search_documents.write(search_documents.decree_documents(decrees))


def fill_search_documents_if_empty() -> int:
    """Builds the read model when it is empty and there is content to search (after migration 0006)."""
    has_content = ArticlePage.objects.live().exists() or Decree.objects.published().exists()
    if SearchDocument.objects.exists() or not has_content:
        return 0
    return rebuild_search_documents()


# Drafts Wagtail's autosave leaves behind ------------------------------------------------------

ABANDONED_AFTER = dt.timedelta(days=7)


def note_autosaved_draft(*, article: ArticlePage) -> None:
    """`article` was just created by Wagtail's autosave, not by its editor."""
    AutosavedDraft.objects.get_or_create(article=article)


def keep_draft(*, article_id: int) -> None:
    """The editor saved or published the article by hand: it is theirs, whatever happens to autosave."""
    AutosavedDraft.objects.filter(article_id=article_id).delete()


def forget_abandoned_drafts(*, now: dt.datetime | None = None) -> int:
    """Remove the articles only autosave ever saved, never published and untouched for `ABANDONED_AFTER`."""
    cutoff = (now or timezone.now()) - ABANDONED_AFTER
    abandoned = ArticlePage.objects.filter(
        autosaved_draft__isnull=False,
        live=False,
        first_published_at__isnull=True,
        latest_revision_created_at__lt=cutoff,
    )
    removed = 0
    for article in abandoned:
        article.delete()
        removed += 1
    return removed
