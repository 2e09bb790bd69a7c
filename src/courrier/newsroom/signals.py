"""Cache invalidation when the page tree changes (signals do nothing else here)."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from courrier.core.page_cache import forget_shared_copies
from courrier.newsroom.models import ArticlePage, Category, HomePage, SectionPage, forget_sections
from courrier.newsroom.views import forget_archive_months


def _page_changed(sender: Any, **kwargs: Any) -> None:
    if issubclass(sender, Page | Category):
        forget_shared_copies()
    if issubclass(sender, SectionPage):
        forget_sections()
    if issubclass(sender, ArticlePage):
        forget_archive_months()


def _page_moved(sender: Any, **kwargs: Any) -> None:
    forget_shared_copies()
    forget_sections()
    forget_archive_months()


def connect() -> None:
    page_published.connect(_page_changed, dispatch_uid="newsroom-cache-published")
    page_unpublished.connect(_page_changed, dispatch_uid="newsroom-cache-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="newsroom-cache-move")
    # Only these senders: a receiver for every model would disable Django's fast deletes.
    for model in (Page, HomePage, SectionPage, ArticlePage, Category):
        post_delete.connect(_page_changed, sender=model, dispatch_uid=f"newsroom-cache-delete-{model.__name__}")
    post_save.connect(_page_changed, sender=Category, dispatch_uid="newsroom-cache-category")
