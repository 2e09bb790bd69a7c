from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "courrier.core"
    label = "core"
    verbose_name = "Courrier"

    def ready(self) -> None:
        from courrier.core import admin_init, checks, signals  # noqa: F401 - checks registers the deployment checks
        from courrier.core.mail import fold_headers_after_their_name, use_site_domain_for_message_ids

        signals.connect()
        _sort_names_as_french_does()

        use_site_domain_for_message_ids()
        fold_headers_after_their_name()
        admin_init.install()
        _read_admin_times_in_wall_clock_time()


def _sort_names_as_french_does() -> None:
    from django.db.backends.signals import connection_created

    from courrier.core.collation import install_sqlite_collation

    connection_created.connect(install_sqlite_collation, dispatch_uid="courrier_french_collation")


def _read_admin_times_in_wall_clock_time() -> None:
    """Every date and time field of the Wagtail admin (publication dates, go-live and expiry times)."""
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override
    from wagtail.admin.widgets import AdminDateTimeInput

    from courrier.core.fields import WallClockDateTimeField

    register_form_field_override(
        models.DateTimeField, override={"widget": AdminDateTimeInput, "form_class": WallClockDateTimeField}
    )
