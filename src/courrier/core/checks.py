"""Deployment checks (`courrier check --deploy`) for what Django's own do not know about."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.http.request import validate_host

from courrier.core.site_url import is_public_https_address


@register(Tags.security, deploy=True)
def check_site_url(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[CheckMessage]:
    """Every email link and the RFC 8058 one-click unsubscribe URL are built from SITE_URL."""
    if not is_public_https_address(settings.SITE_URL):
        return [
            Error(
                f"SITE_URL is {settings.SITE_URL!r}: links in emails, and the one-click unsubscribe URL, "
                "would not be https.",
                hint="Set SITE_URL to the site's public https:// address, e.g. https://courrierparlementaire.com.",
                id="core.E001",
            )
        ]
    host = urlsplit(settings.SITE_URL).hostname or ""
    if not validate_host(host, settings.ALLOWED_HOSTS):
        return [
            Warning(
                f"SITE_URL's host {host!r} is not in ALLOWED_HOSTS: links in emails would be refused.",
                hint="Add it to ALLOWED_HOSTS, or correct SITE_URL.",
                id="core.W001",
            )
        ]
    return []
