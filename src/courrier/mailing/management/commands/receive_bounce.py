"""`courrier receive_bounce`: record one returned message read on standard input.

For a mail server's pipe (Postfix: `bounces: "|/usr/local/bin/courrier-bounce"`, see
docs/bounces.md). Exits 0 whatever the message says, even when it is not a bounce,
so the mail server never returns it; exits 75 (EX_TEMPFAIL) when it could not be
recorded now (database down), so the mail server keeps it and tries again later.
"""

from __future__ import annotations

import logging
import sys
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from courrier.mailing.bounces import EX_TEMPFAIL, MAX_BYTES, process_bounce

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Read one returned message (bounce) on standard input and record it; for a mail server's pipe."
    requires_system_checks: list[str] = []
    # `call_command("receive_bounce", stdin=…)`, for tests.
    stealth_options = ("stdin",)

    def handle(self, *args: Any, **options: Any) -> None:
        data = read_all(options.get("stdin") or sys.stdin.buffer)
        try:
            result = process_bounce(data)
        except DatabaseError as error:
            logger.error("Returned mail not recorded, the mail server will retry: %s", error)
            raise CommandError(
                _("Base de données indisponible : le message sera présenté de nouveau."), returncode=EX_TEMPFAIL
            ) from error
        except Exception as error:
            # A bug of ours: the mail server keeps the message until it is fixed (a few days).
            logger.exception("Returned mail not recorded, the mail server will retry")
            raise CommandError(
                _("Message non traité : il sera présenté de nouveau."), returncode=EX_TEMPFAIL
            ) from error
        self.stdout.write(result.outcome.label)


def read_all(stream: IO[bytes] | IO[str]) -> bytes:
    """The message, up to `MAX_BYTES`; the rest is read and dropped so the writer never sees a broken pipe."""
    data = stream.read(MAX_BYTES)
    while stream.read(1024 * 1024):
        pass
    return data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
