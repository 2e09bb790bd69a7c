from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "courrier.core"
    label = "core"
    verbose_name = "Courrier"

    def ready(self) -> None:
        from courrier.core import admin_init, checks  # noqa: F401 - checks registers the deployment checks
        from courrier.core.mail import use_site_domain_for_message_ids

        use_site_domain_for_message_ids()
        admin_init.install()
