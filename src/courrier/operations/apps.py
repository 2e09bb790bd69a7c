from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """How Courrier runs: the `serve` command and the scheduler."""

    name = "courrier.operations"
    label = "operations"
    verbose_name = _("Exploitation")
