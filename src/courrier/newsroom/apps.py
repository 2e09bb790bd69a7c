from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "courrier.newsroom"
    label = "newsroom"
    verbose_name = _("Salle de rédaction")

    def ready(self) -> None:
        from courrier.newsroom import signals

        signals.connect()
