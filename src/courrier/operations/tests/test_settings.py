"""Production refuses to start without its secrets and its https address; the embedded default needs none."""

import os
import subprocess
import sys

import pytest

CHECK = (
    "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
)


def run_python(tmp_path, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "COURRIER_ENV", "SITE_URL"}
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "courrier.settings", "COURRIER_VAR_DIR": str(tmp_path), **env})
    return subprocess.run([sys.executable, "-c", CHECK], env=clean, capture_output=True, text=True, timeout=60)


def test_embedded_default_needs_no_variable(tmp_path):
    result = run_python(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout
    assert (tmp_path / "secret_key").exists()


PRODUCTION = {
    "COURRIER_ENV": "production",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "courrier.example",
    "DATABASE_URL": "postgres://courrier@127.0.0.1:5432/courrier",
    "SITE_URL": "https://courrier.example",
}


def test_production_starts_with_its_secrets_and_https_address(tmp_path):
    result = run_python(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL"])
def test_production_fails_fast_on_a_missing_secret(tmp_path, missing):
    env = dict(PRODUCTION)
    del env[missing]
    result = run_python(tmp_path, **env)
    assert result.returncode != 0
    assert f"{missing} must be set when COURRIER_ENV=production" in result.stderr


@pytest.mark.parametrize(
    "site_url", ["http://courrier.example", "courrier.example", "https://", "ftp://courrier.example"]
)
def test_production_refuses_a_site_url_that_is_not_https(tmp_path, site_url):
    result = run_python(tmp_path, **(PRODUCTION | {"SITE_URL": site_url}))
    assert result.returncode != 0
    assert "SITE_URL must be an https:// address when COURRIER_ENV=production" in result.stderr
