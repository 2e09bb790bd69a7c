"""The embedded default's demo content: whether it is there, and its password."""

from __future__ import annotations

import os
import secrets

from django.conf import settings

from courrier.newsroom.models import HomePage

PASSWORD_FILE_NAME = "demo-password"  # noqa: S105 - a file name


def demo_is_loaded() -> bool:
    return HomePage.objects.exists()


def demo_password() -> str:
    """COURRIER_DEMO_PASSWORD when set, else one generated once and kept under var/."""
    chosen = os.environ.get("COURRIER_DEMO_PASSWORD", "")
    if chosen:
        return chosen
    path = settings.VAR_DIR / PASSWORD_FILE_NAME
    if not path.exists():
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()
