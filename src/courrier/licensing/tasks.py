"""Licensing work the scheduler enqueues."""

from django_tasks import task

from courrier.licensing import actions


@task()
def remind_ending_trials() -> int:
    """Each approved trial's contact is reminded once, two days before the trial ends (idempotent)."""
    return actions.remind_ending_trials()


@task()
def expire_unverified_registrations() -> int:
    """Registrations whose address was not verified in time are deleted with their data (idempotent)."""
    return actions.expire_unverified_registrations()
