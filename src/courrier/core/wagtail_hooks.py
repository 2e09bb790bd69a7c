"""The admin's share of the site chrome: what runs Wagtail's widgets under our Content-Security-Policy."""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def admin_init_script() -> SafeString:
    return format_html('<script src="{}" defer></script>', static("core/admin_init.js"))
