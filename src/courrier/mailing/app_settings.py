"""Mailing knobs, each overridable from Django settings (`COURRIER_MAILING = {...}`)."""

from __future__ import annotations

import datetime
from email.utils import parseaddr
from typing import Any

from django.conf import settings

from courrier.core import mail as core_mail


def _get(name: str, default: Any) -> Any:
    return getattr(settings, "COURRIER_MAILING", {}).get(name, default)


def batch_size() -> int:
    """Deliveries a worker claims at once (one lease, one audience check)."""
    return int(_get("BATCH_SIZE", 100))


def lease() -> datetime.timedelta:
    """How long a claimed batch stays a worker's own: renewed every quarter of it by the worker's heartbeat,
    reclaimed by another worker this long after the worker died."""
    return datetime.timedelta(seconds=float(_get("LEASE_SECONDS", 20)))


def max_attempts() -> int:
    """Attempts (claims) per delivery before a temporary failure becomes final."""
    return int(_get("MAX_ATTEMPTS", 6))


def retry_base() -> datetime.timedelta:
    """Wait after the first temporary failure; doubled after each further one."""
    return datetime.timedelta(seconds=float(_get("RETRY_BASE_SECONDS", 60)))


def retry_cap() -> datetime.timedelta:
    """Longest wait between two attempts."""
    return datetime.timedelta(seconds=float(_get("RETRY_MAX_SECONDS", 3600)))


def parallel_tasks() -> int:
    """Sending tasks enqueued when a campaign starts (one per task worker that should share it)."""
    return int(_get("PARALLEL_TASKS", 2))


def task_seconds() -> float:
    """How long one sending task runs before handing over to a fresh one (other tasks get their turn)."""
    return float(_get("TASK_SECONDS", 120))


def default_messages_per_second() -> int:
    """Per-worker rate of a new campaign; 0 means as fast as the mail server takes them."""
    return int(_get("MESSAGES_PER_SECOND", 0))


def unsubscribe_path() -> str:
    """Where an unsubscribe token is answered (one-click POST and the confirmation page)."""
    return str(_get("UNSUBSCRIBE_PATH", "/desinscription/{token}/"))


def unsubscribe_mailto() -> str:
    """The mailbox of `List-Unsubscribe`'s mailto; the campaign's reply-to or sender when unset."""
    return str(_get("UNSUBSCRIBE_MAILTO", ""))


def site_url() -> str:
    return str(settings.SITE_URL).rstrip("/")


def message_id_domain() -> str:
    """Our domain for `Message-ID` and `List-Id`: the host of `SITE_URL` (as every other email's) unless set."""
    return str(_get("MESSAGE_ID_DOMAIN", "") or core_mail.message_id_domain())


def default_from_email() -> str:
    return str(settings.DEFAULT_FROM_EMAIL)


def address_of(header: str) -> str:
    return parseaddr(header)[1]


def connections_per_worker() -> int:
    """Mail connections a worker sends over side by side, each in its own lane (thread, lease, worker id).

    A relay answers every command after a few milliseconds, so one connection carries a few
    dozen messages a second; more connections multiply that. A worker killed mid-send may
    leave one message in doubt per connection (sent again: a duplicate), hence 1 by default.
    """
    return max(1, int(_get("CONNECTIONS_PER_WORKER", 1)))


def bounce_maildir() -> str:
    """A Maildir that bounces are delivered to, read by `courrier fetch_bounces` and the scheduler; "" for none."""
    return str(_get("BOUNCE_MAILDIR", "") or "")


def webhook_providers() -> list[str]:
    """Providers whose tracking webhooks are answered (`webhook_providers.PROVIDERS`); the others are 404.

    Set from the environment: `ANYMAIL_WEBHOOK_PROVIDERS` (comma-separated). Each needs its secret.
    """
    return [str(name).strip().lower() for name in _get("WEBHOOK_PROVIDERS", []) if str(name).strip()]
