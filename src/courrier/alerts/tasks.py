"""Alerte Décrets work for the task workers: sending an issue's alert, and taking up one that stopped."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from courrier.alerts import sending
from courrier.alerts.models import DecreeAlert

# A run that has not started the campaign by then is presumed dead (its worker stopped); a live one
# finishing at the same time does no harm: the campaign is created once, under the alert's row lock.
RESUME_AFTER = datetime.timedelta(minutes=5)


@task()
def send_decree_alert(alert_id: int) -> int:
    """Plan the alert's parts and start its campaign (idempotent); returns the number of recipients."""
    alert = DecreeAlert.objects.select_related("issue").filter(pk=alert_id).first()
    if alert is None:
        return 0
    started = sending.start_alert(alert=alert)
    return started.campaign.total if started.campaign is not None else 0


@task()
def resume_decree_alerts() -> int:
    """For the scheduler: alerts published a while ago whose campaign is not started go on."""
    stalled = DecreeAlert.objects.filter(started_at__isnull=True, created_at__lte=timezone.now() - RESUME_AFTER)
    alert_ids = list(stalled.values_list("pk", flat=True))
    for alert_id in alert_ids:
        send_decree_alert.enqueue(alert_id)
    return len(alert_ids)
