from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditionsConfig(AppConfig):
    name = "courrier.editions"
    label = "editions"
    verbose_name = _("Éditions")

    def ready(self) -> None:
        from courrier.editions import lists, sending, signals  # noqa: F401 - sending registers the "edition" audience

        # Every publication becomes a list one can unsubscribe from (resolved from its row, by key).
        lists.register()
        signals.connect()
