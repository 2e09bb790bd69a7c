"""Authentication backends: Django's and allauth's, loading the logged-in person with one plain statement.

Every page a logged-in reader opens loads them: the ORM spent longer building `User.objects.get(pk=…)`
than the database took to answer it (about 0.25 of a CPU-ms a request, `make bench`).
"""

from __future__ import annotations

from typing import Any

from allauth.account import auth_backends
from django.contrib.auth import backends

from courrier.accounts.models import User


class PlainUserRead:
    """`get_user` as Django's `ModelBackend` has it: the active person of this id, else None."""

    def get_user(self, user_id: Any) -> User | None:
        sql = f"SELECT * FROM {User._meta.db_table} WHERE {User._meta.pk.column} = %s"  # noqa: S608 - our table; the id is a parameter
        user = next(iter(User.objects.raw(sql, [user_id])), None)
        return user if user is not None and self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(PlainUserRead, backends.ModelBackend):
    pass


class AuthenticationBackend(PlainUserRead, auth_backends.AuthenticationBackend):
    pass
