"""Production refuses to start without its secrets; the embedded default needs none."""

import os
import subprocess
import sys

import pytest

CHECK = (
    "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
)


def run_python(tmp_path, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "COURRIER_ENV"}
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "courrier.settings", "COURRIER_VAR_DIR": str(tmp_path), **env})
    return subprocess.run([sys.executable, "-c", CHECK], env=clean, capture_output=True, text=True, timeout=60)


def test_embedded_default_needs_no_variable(tmp_path):
    result = run_python(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout
    assert (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_fails_fast_on_a_missing_secret(tmp_path, missing):
    env = {
        "COURRIER_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "courrier.example",
        "DATABASE_URL": "postgres://courrier@127.0.0.1:5432/courrier",
    }
    del env[missing]
    result = run_python(tmp_path, **env)
    assert result.returncode != 0
    assert f"{missing} must be set when COURRIER_ENV=production" in result.stderr
