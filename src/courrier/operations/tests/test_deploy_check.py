"""`courrier check --deploy` fails without an https SITE_URL, as CI runs it (.ci/run, step 6).

Every link in an email and the RFC 8058 one-click unsubscribe URL are built from SITE_URL:
a production site left on the embedded default (`http://127.0.0.1:8000`) mails links
that lead nowhere, in clear text.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.core import checks

KEPT_OUT = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "COURRIER_ENV", "SITE_URL", "DJANGO_SETTINGS_MODULE"}


def check_deploy(tmp_path, **env: str) -> subprocess.CompletedProcess:
    """`courrier check --deploy --fail-level WARNING` with production settings, as CI runs it."""
    clean = {k: v for k, v in os.environ.items() if k not in KEPT_OUT}
    clean.update(
        {
            "COURRIER_VAR_DIR": str(tmp_path),
            "COURRIER_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "courrier.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-m", "courrier", "check", "--deploy", "--fail-level", "WARNING"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_an_https_site_url(tmp_path):
    result = check_deploy(tmp_path, SITE_URL="https://courrier.example")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_without_site_url(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode != 0
    assert "SITE_URL must be set when COURRIER_ENV=production" in result.stderr


@pytest.mark.parametrize("site_url", ["http://courrier.example", "http://127.0.0.1:8000"])
def test_check_deploy_fails_with_an_http_site_url(tmp_path, site_url):
    result = check_deploy(tmp_path, SITE_URL=site_url)
    assert result.returncode != 0
    assert "SITE_URL must be an https:// address" in result.stderr


def deployment_errors() -> list[checks.CheckMessage]:
    return [message for message in checks.run_checks(include_deployment_checks=True) if message.id.startswith("core.")]


@pytest.mark.parametrize("site_url", ["http://courrier.example", "https://", "courrier.example"])
def test_the_deployment_check_flags_any_settings_whose_site_url_is_not_https(settings, site_url):
    settings.SITE_URL = site_url
    settings.ALLOWED_HOSTS = ["courrier.example"]
    assert [message.id for message in deployment_errors()] == ["core.E001"]


def test_the_deployment_check_warns_when_site_url_names_a_host_not_served(settings):
    settings.SITE_URL = "https://courrier.example"
    settings.ALLOWED_HOSTS = ["autre.example"]
    assert [message.id for message in deployment_errors()] == ["core.W001"]


def test_the_deployment_check_accepts_an_https_site_url_on_a_served_host(settings):
    settings.SITE_URL = "https://courrier.example"
    settings.ALLOWED_HOSTS = [".example"]
    assert deployment_errors() == []
