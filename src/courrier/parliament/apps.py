from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParliamentConfig(AppConfig):
    name = "courrier.parliament"
    label = "parliament"
    verbose_name = _("Parlement")
