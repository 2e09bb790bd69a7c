"""State changes of editions: readers' choices of publications."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from courrier.accounts.models import User
from courrier.editions.models import Publication, Subscription
from courrier.editions.recipients import receives


@transaction.atomic
def choose_publications(*, user: User, choices: Mapping[Publication, bool]) -> list[Publication]:
    """Record the reader's choice for each publication; returns the publications whose choice changed."""
    changed = []
    now = timezone.now()
    for publication, subscribed in choices.items():
        if receives(user, publication) == subscribed:
            continue
        Subscription.objects.update_or_create(
            user=user, publication=publication, defaults={"subscribed": subscribed, "changed_at": now}
        )
        changed.append(publication)
    return changed
