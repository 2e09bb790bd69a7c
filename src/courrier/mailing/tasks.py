"""Mailing work for the task workers.

A sending task is only a worker's turn at a campaign: what has been sent is
recorded on the Delivery rows, so a task that dies (and stays "running" in the
queue forever) loses nothing: its leases run out and the next task, or
`resume_campaigns` run by the scheduler, sends the rest.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from courrier.mailing import actions, app_settings
from courrier.mailing.models import Campaign, CampaignStatus
from courrier.mailing.sender import RunReport, Sender, has_live_lease, next_due


@task()
def send_campaign(campaign_id: int) -> dict[str, int | bool]:
    """Send due deliveries for a while, then finish the campaign or hand over to a later task."""
    report = Sender().run(campaign_id, seconds=app_settings.task_seconds())
    _follow_up(campaign_id, report)
    return report.as_dict()


def _follow_up(campaign_id: int, report: RunReport) -> None:
    if actions.complete_campaign(campaign_id=campaign_id):
        return
    if report.out_of_time:
        send_campaign.enqueue(campaign_id)
        return
    now = timezone.now()
    when = next_due(campaign_id, now)
    if report.connection_lost:
        when = max(when or now, now + app_settings.retry_base())
    if when is not None and send_campaign.get_backend().supports_defer:
        # Retries waiting, or leases held by other workers: come back when the first falls due.
        send_campaign.using(run_after=max(when, now + datetime.timedelta(seconds=1))).enqueue(campaign_id)


@task()
def resume_campaigns() -> int:
    """For the scheduler, every minute: finish what is done, restart what nobody is sending.

    A campaign whose due deliveries no live worker holds (its tasks died with their
    worker, or were never run) gets a fresh sending task. Returns how many were enqueued.
    """
    enqueued = 0
    now = timezone.now()
    for campaign_id in Campaign.objects.filter(status=CampaignStatus.SENDING).values_list("pk", flat=True):
        if actions.complete_campaign(campaign_id=campaign_id):
            continue
        due = next_due(campaign_id, now)
        if due is not None and due <= now and not has_live_lease(campaign_id, now):
            send_campaign.enqueue(campaign_id)
            enqueued += 1
    return enqueued
