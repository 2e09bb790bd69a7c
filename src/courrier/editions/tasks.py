"""Editions work the scheduler enqueues."""

from django_tasks import task

from courrier.accounts.models import User
from courrier.editions import sending
from courrier.editions.lists import record_welcome_consent as record


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


@task()
def record_welcome_consent(user_id: int) -> int:
    """The new member's opt-in to the default publications, recorded once it is true (idempotent)."""
    user = User.objects.filter(pk=user_id).first()
    return len(record(user=user)) if user is not None else 0
