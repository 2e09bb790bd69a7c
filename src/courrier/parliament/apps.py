from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParliamentConfig(AppConfig):
    name = "courrier.parliament"
    label = "parliament"
    verbose_name = _("Parlement")

    def ready(self) -> None:
        from django.utils import timezone

        from courrier.core.startup import before_first_request
        from courrier.parliament.calendar import quebec_holidays

        # The `holidays` package loads every country's rules on its first question (about a second).
        before_first_request(lambda: quebec_holidays(timezone.localdate().year))
