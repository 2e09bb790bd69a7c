"""What a public site address must be (SITE_URL): judged alike by the settings and by `check --deploy`.

Every email link and the RFC 8058 one-click unsubscribe URL are built from it. This module
imports nothing from Django, so the production settings can refuse a bad one before Django starts.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def is_public_https_address(url: str) -> bool:
    """An https:// address with a host."""
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname)
