"""Cache invalidation when the content changes, and the Member quote index and a decree's search entry kept
up with publishing and its ministries.

Signals do nothing else here. Every cache derived from the content is keyed by
the content generation, so starting a new generation is the one thing to do;
the quote index is rebuilt by a task enqueued once the publication is committed.
"""

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page
from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published, page_unpublished, post_page_move

from courrier.core.page_cache import forget_shared_copies
from courrier.newsroom.actions import file_in_section, relist_article
from courrier.newsroom.models import ArticlePage, Category, HomePage, SectionPage
from courrier.parliament.models import Decree, GazetteIssue, Member, MemberRole, Ministry, Party


def _content_changed(sender: Any, **kwargs: Any) -> None:
    forget_shared_copies()


def _published_decree_changed(sender: Any, instance: Decree, **kwargs: Any) -> None:
    # Unpublished decrees appear on no page: entering an issue's decrees leaves the caches alone.
    if instance.is_published:
        forget_shared_copies()


def _decree_ministries_changed(sender: Any, instance: Any, action: str, reverse: bool, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    if reverse or instance.is_published:
        forget_shared_copies()
    # Ministries are public facts searched by everyone: the decree's entry is saved before they are set.
    decrees = Decree.objects.filter(pk__in=kwargs.get("pk_set") or ()) if reverse else [instance]
    for decree in decrees:
        insert_or_update_object(decree)


def _enqueue_quote_index(article_id: int) -> None:
    from courrier.newsroom.tasks import index_article_quotes

    index_article_quotes.enqueue(article_id)


def _article_published_or_unpublished(sender: Any, instance: ArticlePage, **kwargs: Any) -> None:
    relist_article(instance.pk)
    transaction.on_commit(partial(_enqueue_quote_index, instance.pk))


def _article_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    file_in_section(instance)


def connect() -> None:
    page_published.connect(_content_changed, dispatch_uid="newsroom-cache-published")
    page_unpublished.connect(_content_changed, dispatch_uid="newsroom-cache-unpublished")
    post_page_move.connect(_content_changed, dispatch_uid="newsroom-cache-move")
    post_page_move.connect(_article_moved, sender=ArticlePage, dispatch_uid="newsroom-section-move")
    # Only these senders: a receiver for every model would disable Django's fast deletes.
    for model in (Page, HomePage, SectionPage, ArticlePage, Category):
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"newsroom-cache-delete-{model.__name__}")
    post_save.connect(_content_changed, sender=Category, dispatch_uid="newsroom-cache-category")
    # The register's pages (decrees, Members) show these.
    for model in (GazetteIssue, Ministry, Party, Member, MemberRole):
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"newsroom-cache-save-{model.__name__}")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"newsroom-cache-gone-{model.__name__}")
    post_save.connect(_published_decree_changed, sender=Decree, dispatch_uid="newsroom-cache-decree")
    post_delete.connect(_published_decree_changed, sender=Decree, dispatch_uid="newsroom-cache-decree-gone")
    m2m_changed.connect(
        _decree_ministries_changed, sender=Decree.ministries.through, dispatch_uid="newsroom-cache-decree-ministries"
    )
    page_published.connect(_article_published_or_unpublished, sender=ArticlePage, dispatch_uid="newsroom-quotes-on")
    page_unpublished.connect(_article_published_or_unpublished, sender=ArticlePage, dispatch_uid="newsroom-quotes-off")
