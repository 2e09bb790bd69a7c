"""Licensing knobs, each overridable from Django settings (`COURRIER_LICENSING = {...}`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

# Webmail and access-provider domains: an address there says nothing about an employer,
# so they can never be an organisation's domain nor qualify anyone to register.
WEBMAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "bell.net",
        "cogeco.ca",
        "cgocable.ca",
        "fastmail.com",
        "gmail.com",
        "gmx.com",
        "googlemail.com",
        "hotmail.ca",
        "hotmail.com",
        "hotmail.fr",
        "icloud.com",
        "live.ca",
        "live.com",
        "mail.com",
        "me.com",
        "msn.com",
        "outlook.com",
        "outlook.fr",
        "proton.me",
        "protonmail.com",
        "rogers.com",
        "shaw.ca",
        "sympatico.ca",
        "telus.net",
        "tutanota.com",
        "videotron.ca",
        "videotron.qc.ca",
        "yahoo.ca",
        "yahoo.com",
        "yahoo.fr",
        "ymail.com",
        "zoho.com",
    }
)


def _get(name: str, default: Any) -> Any:
    return getattr(settings, "COURRIER_LICENSING", {}).get(name, default)


def trial_days() -> int:
    """Length of a free trial granted from a request."""
    return int(_get("TRIAL_DAYS", 7))


def trial_reminder_days() -> int:
    """How many days before a trial ends its contact is reminded."""
    return int(_get("TRIAL_REMINDER_DAYS", 2))


def invitation_days() -> int:
    """How long an invitation to join an organisation stays usable."""
    return int(_get("INVITATION_DAYS", 14))


def unverified_registration_days() -> int:
    """How long a registration may wait for its address to be verified before it is deleted with its data."""
    return int(_get("UNVERIFIED_REGISTRATION_DAYS", 3))


def trusted_proxies() -> list[str]:
    """CIDRs of the reverse proxies whose X-Forwarded-For is believed."""
    return list(getattr(settings, "TRUSTED_PROXIES", []))


def staff_notification_emails() -> list[str]:
    """Where new trial requests are announced (the publisher's address by default)."""
    return list(_get("STAFF_NOTIFICATION_EMAILS", [settings.PUBLISHER["email"]]))
