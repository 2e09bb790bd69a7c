from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingConfig(AppConfig):
    name = "courrier.mailing"
    label = "mailing"
    verbose_name = _("Envois")

    def ready(self) -> None:
        from anymail.signals import tracking

        # audiences registers the built-in ones; checks registers the deploy check of webhook secrets.
        from courrier.mailing import audiences, checks, signals  # noqa: F401

        tracking.connect(signals.on_tracking_event, dispatch_uid="courrier.mailing.tracking")
