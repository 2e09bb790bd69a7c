"""The mailing tests' SMTP sink and worker subprocesses, shared with the contention test."""

from courrier.mailing.tests.conftest import shared_database, smtp_sink, workers

__all__ = ["shared_database", "smtp_sink", "workers"]
