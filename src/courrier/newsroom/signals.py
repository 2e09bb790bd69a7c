"""Cache invalidation when the page tree changes (signals do nothing else here).

Every cache derived from the content is keyed by the content generation, so
starting a new generation is the one thing to do.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from courrier.core.page_cache import forget_shared_copies
from courrier.newsroom.models import ArticlePage, Category, HomePage, SectionPage


def _content_changed(sender: Any, **kwargs: Any) -> None:
    forget_shared_copies()


def connect() -> None:
    page_published.connect(_content_changed, dispatch_uid="newsroom-cache-published")
    page_unpublished.connect(_content_changed, dispatch_uid="newsroom-cache-unpublished")
    post_page_move.connect(_content_changed, dispatch_uid="newsroom-cache-move")
    # Only these senders: a receiver for every model would disable Django's fast deletes.
    for model in (Page, HomePage, SectionPage, ArticlePage, Category):
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"newsroom-cache-delete-{model.__name__}")
    post_save.connect(_content_changed, sender=Category, dispatch_uid="newsroom-cache-category")
