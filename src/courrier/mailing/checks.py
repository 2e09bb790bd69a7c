"""`check --deploy`: every enabled provider webhook has the secret that lets anymail authenticate it."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register

from courrier.mailing import app_settings, webhook_providers
from courrier.mailing.webhooks import anymail_setting


@register(Tags.security, deploy=True)
def check_webhook_secrets(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(
            problem,
            hint="Set the secret, or remove the provider from ANYMAIL_WEBHOOK_PROVIDERS (docs/operations.md).",
            id="courrier_mailing.E001",
        )
        for problem in webhook_providers.problems(app_settings.webhook_providers(), anymail_setting)
    ]
