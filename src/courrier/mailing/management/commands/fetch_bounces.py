"""`courrier fetch_bounces`: record the returned messages (bounces) waiting in a Maildir.

Reads `new/` of `COURRIER_MAILING["BOUNCE_MAILDIR"]` (or `--maildir`) and leaves each
message in `cur/`, seen, or flagged when a person should look at it. Safe to run
beside the scheduler's job and other copies of itself: each message is claimed by an
atomic rename (see `courrier.mailing.bounces.process_maildir`).
"""

from __future__ import annotations

import mailbox
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from courrier.mailing import app_settings
from courrier.mailing.bounces import EX_TEMPFAIL, process_maildir


class Command(BaseCommand):
    help = "Record the returned messages (bounces) waiting in a Maildir, each once."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--maildir", default="", help="The Maildir (default: BOUNCE_MAILDIR of COURRIER_MAILING).")

    def handle(self, *args: Any, **options: Any) -> None:
        maildir = options["maildir"] or app_settings.bounce_maildir()
        if not maildir:
            raise CommandError(_("Aucune boîte Maildir : réglez BOUNCE_MAILDIR ou donnez --maildir."))
        try:
            report = process_maildir(Path(maildir))
        except mailbox.NoSuchMailboxError as error:
            raise CommandError(
                _("%(path)s n'est pas une boîte Maildir (il y faut new/ et cur/).") % {"path": maildir}
            ) from error
        except DatabaseError as error:
            raise CommandError(
                _("Base de données indisponible : les messages restants attendent le prochain passage."),
                returncode=EX_TEMPFAIL,
            ) from error
        self.stdout.write(_("%(count)s message(s) traité(s).") % {"count": report.processed})
        for outcome, count in sorted(report.outcomes.items()):
            self.stdout.write(f"  {outcome.label} : {count}")
