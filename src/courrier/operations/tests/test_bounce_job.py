"""The scheduler reads a bounce Maildir only when COURRIER_BOUNCE_MAILDIR names one.

`operations.schedule` decides at import, so each case starts a fresh interpreter on the
embedded settings, as `courrier scheduler` would.
"""

import os
import subprocess
import sys

import pytest

JOBS = (
    "import django; django.setup(); from courrier.operations.schedule import JOBS; "
    "print(' '.join(f'{job.name}={int(job.every.total_seconds())}' for job in JOBS))"
)


def scheduled_jobs(tmp_path, **env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"COURRIER_BOUNCE_MAILDIR", "COURRIER_ENV"}}
    clean.update({"DJANGO_SETTINGS_MODULE": "courrier.settings", "COURRIER_VAR_DIR": str(tmp_path), **env})
    result = subprocess.run([sys.executable, "-c", JOBS], env=clean, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize("env", [{}, {"COURRIER_BOUNCE_MAILDIR": ""}], ids=["unset", "empty"])
def test_no_bounce_job_without_a_maildir(tmp_path, env):
    jobs = scheduled_jobs(tmp_path, **env)
    assert "resume_campaigns=10" in jobs
    assert not [job for job in jobs if job.startswith("fetch_bounces")]


def test_the_maildir_variable_schedules_the_bounce_job(tmp_path):
    assert "fetch_bounces=300" in scheduled_jobs(tmp_path, COURRIER_BOUNCE_MAILDIR=str(tmp_path / "Maildir"))
