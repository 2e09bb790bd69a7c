"""`courrier send_pending`: send campaigns in the foreground, outside the task queue.

For operators (see what is going on, finish a campaign whose workers are gone) and
for the crash tests. Safe beside task workers and other copies of itself: every
delivery is claimed under a lease (see `courrier.mailing.sender`).
"""

from __future__ import annotations

import datetime
import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from courrier.mailing import actions
from courrier.mailing.models import Campaign, CampaignStatus
from courrier.mailing.sender import RunReport, Sender, new_worker_id


class Command(BaseCommand):
    help = "Send the deliveries of campaigns being sent (all of them, or those given)."
    # A worker starts faster without them; `serve` and `migrate` run the checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", type=int, action="append", help="Only this campaign (repeatable).")
        parser.add_argument(
            "--until-done",
            action="store_true",
            help="Wait for retries and for leases of stopped workers until the campaigns are finished.",
        )
        parser.add_argument("--batch-size", type=int, help="Deliveries claimed at once.")
        parser.add_argument("--lease-seconds", type=float, help="How long a claimed batch stays this worker's.")
        parser.add_argument("--poll-seconds", type=float, default=1.0, help="Longest wait between two claims.")
        parser.add_argument("--worker-id", default="", help="Name recorded on the deliveries this worker claims.")
        parser.add_argument(
            "--connections",
            type=int,
            help="Mail connections sending side by side (lanes); a killed worker may duplicate one message per lane.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sender = Sender(worker=options["worker_id"] or new_worker_id())
        if options["batch_size"]:
            sender.batch_size = options["batch_size"]
        if options["lease_seconds"]:
            sender.lease = datetime.timedelta(seconds=options["lease_seconds"])
        if options["connections"]:
            sender.connections = options["connections"]

        def stop(signum: int, frame: Any) -> None:
            # The message in flight completes; the rest of the batch is handed back at once.
            sender.stop.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        campaigns = Campaign.objects.filter(status=CampaignStatus.SENDING).order_by("pk")
        if options["campaign"]:
            campaigns = campaigns.filter(pk__in=options["campaign"])
        for campaign_id in campaigns.values_list("pk", flat=True):
            if sender.stop.is_set():
                break
            if options["until_done"]:
                report = sender.run_until_done(campaign_id, poll_seconds=options["poll_seconds"])
            else:
                report = sender.run(campaign_id)
                actions.complete_campaign(campaign_id=campaign_id)
            self._report(campaign_id, report)

    def _report(self, campaign_id: int, report: RunReport) -> None:
        status = Campaign.objects.get(pk=campaign_id).get_status_display()
        self.stdout.write(
            f"Envoi groupé {campaign_id} ({status}) : {report.sent} envoyés, {report.retried} à réessayer, "
            f"{report.failed} en échec, {report.cancelled} annulés."
        )
