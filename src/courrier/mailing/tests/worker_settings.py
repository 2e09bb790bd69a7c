"""Settings of the worker subprocesses started by the crash tests.

The embedded settings (database, mail server, secret key and site from the environment
the test sets), with the short leases and small batches of the tests.
"""

import json
import os

from courrier.settings.base import *  # noqa: F403

# Short leases and small batches, so that a killed worker's deliveries come back in seconds.
COURRIER_MAILING = {"LEASE_SECONDS": 2, "BATCH_SIZE": 10, "PARALLEL_TASKS": 1, "RETRY_BASE_SECONDS": 1}
# A test may set other knobs (JSON), e.g. the default lease.
COURRIER_MAILING.update(json.loads(os.environ.get("COURRIER_TEST_MAILING", "{}")))
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
