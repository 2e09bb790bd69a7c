from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "courrier.newsroom"
    label = "newsroom"
    verbose_name = _("Salle de rédaction")

    def ready(self) -> None:
        from courrier.newsroom import signals

        signals.connect()
        post_migrate.connect(_fill_search_documents, sender=self, dispatch_uid="newsroom-fill-search")


def _fill_search_documents(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """The read model site search reads is filled once after the migration that creates it (0006)."""
    from courrier.newsroom.actions import fill_search_documents_if_empty

    fill_search_documents_if_empty()
