from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "courrier.alerts"
    label = "alerts"
    verbose_name = _("Alertes")

    def ready(self) -> None:
        # Registers the "alerte-decrets" audience and lets an alert's reading links open its decrees.
        from courrier.alerts import sending  # noqa: F401
