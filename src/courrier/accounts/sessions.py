"""The session store of `SESSION_ENGINE` without a shared cache: Django's database sessions, read with
one plain statement.

Every page a logged-in reader opens reads their session: the ORM spent longer building
`Session.objects.get(...)` than the database took to answer it (about 0.4 of a CPU-ms a request,
`make bench`). Writing, expiry and key rotation stay Django's.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        """The live session of `session_key`, as Django's `_get_session_from_db` reads it."""
        table = self.model._meta.db_table
        sql = f"SELECT session_key, session_data, expire_date FROM {table} WHERE session_key = %s AND expire_date > %s"  # noqa: S608 - the table name is Django's; values are parameters
        found = next(iter(self.model.objects.raw(sql, [self.session_key, timezone.now()])), None)
        if found is None:
            self._session_key = None
        return found
