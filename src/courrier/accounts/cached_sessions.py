"""The session store of `SESSION_ENGINE` with a shared cache (Redis): Django's cached database sessions,
read from the database, on a miss, with one plain statement (`courrier.accounts.sessions`)."""

from django.contrib.sessions.backends import cached_db

from courrier.accounts import sessions


class SessionStore(sessions.SessionStore, cached_db.SessionStore):
    """`cached_db`'s, with the plain read of `sessions.SessionStore` on a miss."""
