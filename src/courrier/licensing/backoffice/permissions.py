"""Who may use the back office: the publisher's staff, with the model's Django permissions.

Superusers hold every Django permission; other staff get theirs from Wagtail groups.
Some actions are refused to everyone, because they would erase history: an
organisation's deletion would cascade to its licences and their ledger, and trial
requests only come from the public form.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from wagtail.permission_policies import ModelPermissionPolicy


class StaffPermissionPolicy(ModelPermissionPolicy):
    """Django model permissions, for active staff only, minus the actions `refused` to everyone."""

    def __init__(self, model: type[Model], *, refused: Iterable[str] = ()) -> None:
        super().__init__(model)
        self.refused = frozenset(refused)

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action in self.refused:
            return False
        if not (user.is_active and user.is_staff):
            return False
        return bool(super().user_has_permission(user, action))

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet[Any]:
        allowed = [action for action in actions if action not in self.refused]
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed).filter(is_staff=True)
