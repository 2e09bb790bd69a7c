from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "courrier.core"
    label = "core"
    verbose_name = "Courrier"
