"""Cache invalidation when the page tree changes (signals do nothing else here)."""

from typing import Any

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from courrier.newsroom.models import ArticlePage, SectionPage, forget_sections
from courrier.newsroom.views import forget_archive_months


def _page_changed(sender: Any, **kwargs: Any) -> None:
    if issubclass(sender, SectionPage):
        forget_sections()
    if issubclass(sender, ArticlePage):
        forget_archive_months()


def _page_moved(sender: Any, **kwargs: Any) -> None:
    forget_sections()
    forget_archive_months()


def connect() -> None:
    for signal in (page_published, page_unpublished, post_delete):
        signal.connect(_page_changed, dispatch_uid=f"newsroom-cache-{id(signal)}")
    post_page_move.connect(_page_moved, dispatch_uid="newsroom-cache-move")
