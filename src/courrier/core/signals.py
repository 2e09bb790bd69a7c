"""Cache invalidation when what Wagtail routes by changes: a site, or a view restriction.

The site a request is for and whether any restriction exists are remembered per content
generation (`core.routing`); so are the shared copies of pages, which a new restriction
must also stop serving.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save
from wagtail.models import PageViewRestriction, Site

from courrier.core.page_cache import forget_shared_copies


def _routing_changed(sender: Any, **kwargs: Any) -> None:
    forget_shared_copies()


def connect() -> None:
    for model in (Site, PageViewRestriction):
        post_save.connect(_routing_changed, sender=model, dispatch_uid=f"core-routing-save-{model.__name__}")
        post_delete.connect(_routing_changed, sender=model, dispatch_uid=f"core-routing-delete-{model.__name__}")
