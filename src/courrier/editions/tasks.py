"""Editions work the scheduler enqueues."""

from django_tasks import task

from courrier.editions import sending


@task()
def open_upcoming_editions() -> int:
    """Drafts for today and tomorrow of every publication on a calendar, pre-filled (idempotent)."""
    return len(sending.open_upcoming_editions())


@task()
def send_due_editions() -> int:
    """Scheduled editions whose time has come go out; finished ones are closed."""
    sent = len(sending.send_due_editions())
    sending.close_sent_editions()
    return sent
