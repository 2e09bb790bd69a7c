"""`courrier scheduler`: enqueue due jobs every tick (ten seconds).

Safe to run twice: each job's slot is claimed in the database first.
"""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from courrier.operations.schedule import TICK, run_due_jobs


class Command(BaseCommand):
    help = "Run the scheduler: enqueue Courrier's periodic jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue what is due now, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        running = True

        def stop(signum: int, frame: Any) -> None:
            nonlocal running
            running = False

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while running:
            for name in run_due_jobs(timezone.now()):
                self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M:%S} enqueued {name}")
            if options["once"]:
                return
            tick = TICK.total_seconds()
            next_tick = tick - time.time() % tick
            while running and next_tick > 0:
                time.sleep(min(1.0, next_tick))
                next_tick -= 1.0
            close_old_connections()
