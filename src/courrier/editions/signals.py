"""When a member's opt-in to the default publications becomes true (address confirmed, or at login
after an invitation or an approval), a task records it. Signals only enqueue here."""

from __future__ import annotations

from functools import partial
from typing import Any

from allauth.account.signals import email_confirmed
from django.contrib.auth.signals import user_logged_in
from django.db import transaction


def _enqueue(user_id: int) -> None:
    from courrier.editions.tasks import record_welcome_consent

    record_welcome_consent.enqueue(user_id)


def on_email_confirmed(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    transaction.on_commit(partial(_enqueue, email_address.user_id))


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if not user.is_staff:
        transaction.on_commit(partial(_enqueue, user.pk))


def connect() -> None:
    email_confirmed.connect(on_email_confirmed, dispatch_uid="editions.welcome_consent.confirmed")
    user_logged_in.connect(on_login, dispatch_uid="editions.welcome_consent.login")
