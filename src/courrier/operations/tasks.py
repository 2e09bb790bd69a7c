"""Tasks the scheduler enqueues; workers run them."""

import datetime as dt

from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from courrier.operations.models import JobRun

JOB_RUN_RETENTION = dt.timedelta(days=7)


@task()
def publish_scheduled_pages() -> None:
    """Publish pages whose go-live time has come; unpublish expired ones (Wagtail)."""
    call_command("publish_scheduled", verbosity=0)


@task()
def prune_job_runs() -> int:
    deleted, _per_model = JobRun.objects.filter(slot__lt=timezone.now() - JOB_RUN_RETENTION).delete()
    return deleted
