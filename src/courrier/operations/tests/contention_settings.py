"""Settings of the processes of `test_write_contention`: the crash tests' workers', with static files
served unhashed (nothing was collected), as the test settings do."""

from courrier.mailing.tests.worker_settings import *  # noqa: F403
from courrier.settings.base import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
