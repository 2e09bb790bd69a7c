"""A web worker does its one-time work (imports, the resolver, the apps' preparations) when it starts,
not on a reader's first request."""

from __future__ import annotations

import os
import subprocess
import sys

from courrier.core import startup
from courrier.parliament.calendar import _holidays

PROBE = """
import sys
from courrier.wsgi import application
from django.urls import get_resolver
resolver = get_resolver()
print("holidays.countries.canada" in sys.modules, resolver._populated, "courrier.parliament.views" in sys.modules)
"""


def test_preparations_run_when_the_worker_warms_up(monkeypatch):
    done = []
    monkeypatch.setattr(startup, "_preparations", [])
    startup.before_first_request(lambda: done.append("prêt"))
    startup.warm_up()
    assert done == ["prêt"]


def test_the_holidays_are_known_before_the_first_calendar_request():
    _holidays.cache_clear()
    startup.warm_up()
    assert _holidays.cache_info().currsize >= 1


def test_loading_the_wsgi_application_warms_the_worker_up():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "courrier.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.split() == ["True", "True", "True"], result.stderr
