"""Test settings: fast hashing, local cache, tasks run immediately, mail in memory."""

import os

from courrier.settings.base import *  # noqa: F403
from courrier.settings.base import DATABASES, STORAGES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_AUTOREFRESH = True
LOGGING = {"version": 1, "disable_existing_loggers": False}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file in WAL mode, as the embedded default runs, not SQLite's in-memory database: the live
    # server's threads, the browser test and a worker's lanes each open their own connection and
    # wait for one another's write lock (busy_timeout). The in-memory database's shared cache
    # refused a write at once while another connection read ("database table is locked"), which a
    # busy machine made likely. One per test process; the root conftest removes it when the run ends.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"courrier-test-{os.getpid()}.sqlite3")}
