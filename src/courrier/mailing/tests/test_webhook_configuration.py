"""A provider's webhooks enabled without their secret: production refuses to start, `check --deploy` fails."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

CHECK = "import django; django.setup(); from django.conf import settings; print(settings.COURRIER_MAILING)"
PRODUCTION = {
    "COURRIER_ENV": "production",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "courrier.example",
    "SITE_URL": "https://courrier.example",
    "DATABASE_URL": "postgres://courrier@127.0.0.1:5432/courrier",
}


def start(tmp_path, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value for key, value in os.environ.items() if not key.startswith("ANYMAIL_") and key not in PRODUCTION
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "courrier.settings", "COURRIER_VAR_DIR": str(tmp_path), **env})
    return subprocess.run([sys.executable, "-c", CHECK], env=clean, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"ANYMAIL_WEBHOOK_PROVIDERS": "postmark"}, "postmark webhooks are enabled"),
        ({"ANYMAIL_WEBHOOK_PROVIDERS": "brevo,sendgrid"}, "brevo webhooks are enabled"),
        # Mailgun signs its webhooks: the shared secret alone does not do.
        (
            {"ANYMAIL_WEBHOOK_PROVIDERS": "mailgun", "ANYMAIL_WEBHOOK_SECRET": "courrier:secret"},
            "mailgun webhooks are enabled (ANYMAIL_WEBHOOK_PROVIDERS) without ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY",
        ),
        ({"ANYMAIL_WEBHOOK_PROVIDERS": "postmarc", "ANYMAIL_WEBHOOK_SECRET": "courrier:secret"}, "'postmarc'"),
        ({"ANYMAIL_WEBHOOK_PROVIDERS": "postmark", "ANYMAIL_WEBHOOK_SECRET": "sans-deux-points"}, "user:password"),
    ],
)
def test_production_refuses_to_start_with_an_unsecured_webhook(tmp_path, env, complaint):
    result = start(tmp_path, **PRODUCTION, **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


@pytest.mark.parametrize(
    ("env", "enabled"),
    [
        ({}, []),
        (
            {"ANYMAIL_WEBHOOK_PROVIDERS": "postmark, SendGrid", "ANYMAIL_WEBHOOK_SECRET": "courrier:s"},
            ["postmark", "sendgrid"],
        ),
        ({"ANYMAIL_WEBHOOK_PROVIDERS": "mailgun", "ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY": "cle"}, ["mailgun"]),
    ],
)
def test_production_starts_when_every_enabled_webhook_has_its_secret(tmp_path, env, enabled):
    result = start(tmp_path, **PRODUCTION, **env)

    assert result.returncode == 0, result.stderr
    assert f"'WEBHOOK_PROVIDERS': {enabled!r}" in result.stdout


def test_the_embedded_default_enables_no_webhook(tmp_path):
    result = start(tmp_path)

    assert result.returncode == 0, result.stderr
    assert "'WEBHOOK_PROVIDERS': []" in result.stdout


def test_check_deploy_fails_when_a_webhook_lacks_its_secret(settings):
    settings.COURRIER_MAILING = {**settings.COURRIER_MAILING, "WEBHOOK_PROVIDERS": ["postmark", "mailgun"]}
    settings.ANYMAIL = {"WEBHOOK_SECRET": "courrier:secret"}

    with pytest.raises(SystemCheckError) as failure:
        call_command("check", deploy=True, tags=["security"])

    assert "courrier_mailing.E001" in str(failure.value)
    assert "mailgun" in str(failure.value)
    assert "postmark" not in str(failure.value)


def test_check_deploy_passes_when_every_webhook_has_its_secret(settings):
    settings.COURRIER_MAILING = {**settings.COURRIER_MAILING, "WEBHOOK_PROVIDERS": ["postmark", "mailgun"]}
    settings.ANYMAIL = {"WEBHOOK_SECRET": "courrier:secret", "MAILGUN_WEBHOOK_SIGNING_KEY": "cle"}
    settings.SITE_URL = "https://courrier.example"  # the site's own deployment check asks for https

    call_command("check", deploy=True, tags=["security"])  # warnings of the test settings only, no error
