"""Cache invalidation when the content changes, and the Member quote index, site search's documents and a
decree's admin search entry kept up with publishing and its ministries.

Signals do nothing else here: each receiver calls an action or enqueues a task.
Every cache derived from the content is keyed by the content generation, so
starting a new generation is the one thing to do; the quote index is rebuilt by a
task enqueued once the publication is committed.
"""

from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page
from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published, page_unpublished, post_page_move

from courrier.core.page_cache import forget_shared_copies
from courrier.newsroom import actions
from courrier.newsroom.models import ArticlePage, Category, HomePage, SearchDocumentKind, SectionPage
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
    actions.relist_article(instance.pk)
    transaction.on_commit(partial(_enqueue_quote_index, instance.pk))


def _article_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    actions.file_in_section(instance)


def _article_saved_or_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    # A move sends the page's specific class with a plain Page instance.
    if isinstance(sender, type) and issubclass(sender, ArticlePage):
        actions.refresh_article_in_search(article_id=instance.pk)


def _article_deleted(sender: Any, instance: ArticlePage, **kwargs: Any) -> None:
    actions.remove_from_search(kind=SearchDocumentKind.ARTICLE, object_id=instance.pk)


def _decree_saved(sender: Any, instance: Decree, **kwargs: Any) -> None:
    actions.refresh_decree_in_search(decree_id=instance.pk)


def _decree_deleted(sender: Any, instance: Decree, **kwargs: Any) -> None:
    actions.remove_from_search(kind=SearchDocumentKind.DECREE, object_id=instance.pk)


def _decree_ministries_set(sender: Any, instance: Any, action: str, reverse: bool, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    decree_ids = (kwargs.get("pk_set") or ()) if reverse else [instance.pk]
    for decree_id in decree_ids:
        actions.refresh_decree_in_search(decree_id=decree_id)


def _enqueue(task_name: str, object_id: int) -> None:
    from courrier.newsroom import tasks

    getattr(tasks, task_name).enqueue(object_id)


def _section_published(sender: Any, instance: SectionPage, **kwargs: Any) -> None:
    transaction.on_commit(partial(_enqueue, "refresh_search_of_section", instance.pk))


def _category_saved(sender: Any, instance: Category, created: bool, **kwargs: Any) -> None:
    if not created:
        transaction.on_commit(partial(_enqueue, "refresh_search_of_category", instance.pk))


def _ministry_saved(sender: Any, instance: Ministry, created: bool, **kwargs: Any) -> None:
    if not created:
        transaction.on_commit(partial(_enqueue, "refresh_search_of_ministry", instance.pk))


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
    _connect_search()


def _connect_search() -> None:
    """Site search's documents (newsroom.search_documents), after the caches above are forgotten: a moved
    article's rubrique is read from them."""
    # Every save of an article, its revisions' included: the action reads what is live from the database.
    post_save.connect(_article_saved_or_moved, sender=ArticlePage, dispatch_uid="newsroom-search-article")
    post_page_move.connect(_article_saved_or_moved, dispatch_uid="newsroom-search-article-moved")
    post_delete.connect(_article_deleted, sender=ArticlePage, dispatch_uid="newsroom-search-article-gone")
    post_save.connect(_decree_saved, sender=Decree, dispatch_uid="newsroom-search-decree")
    post_delete.connect(_decree_deleted, sender=Decree, dispatch_uid="newsroom-search-decree-gone")
    m2m_changed.connect(
        _decree_ministries_set, sender=Decree.ministries.through, dispatch_uid="newsroom-search-decree-ministries"
    )
    page_published.connect(_section_published, sender=SectionPage, dispatch_uid="newsroom-search-section")
    post_save.connect(_category_saved, sender=Category, dispatch_uid="newsroom-search-category")
    post_save.connect(_ministry_saved, sender=Ministry, dispatch_uid="newsroom-search-ministry")
