"""Who receives a publication now: one set-based query, never a loop over people."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet

from courrier.accounts.models import User
from courrier.editions.models import Publication, Subscription
from courrier.licensing.entitlements import entitled_users
from courrier.licensing.models import Licence, Membership


def recipients(publication: Publication, *, day: datetime.date | None = None) -> QuerySet[User]:
    """Entitled readers (valid licence covering the publication, active membership, verified address)
    who have not opted out — or, for a publication nobody receives by default, who opted in."""
    readers = entitled_users(day=day, publication_id=publication.pk)
    choices = Subscription.objects.filter(user=OuterRef("pk"), publication=publication)
    if publication.default_opt_in:
        return readers.exclude(Exists(choices.filter(subscribed=False)))
    return readers.filter(Exists(choices.filter(subscribed=True)))


def choices_of(user: User, publications: Iterable[Publication]) -> dict[Publication, bool]:
    """For each publication, whether the reader receives it (their choice, else the default): one query."""
    publications = list(publications)
    chosen = dict(
        Subscription.objects.filter(user=user, publication__in=publications).values_list("publication_id", "subscribed")
    )
    return {publication: chosen.get(publication.pk, publication.default_opt_in) for publication in publications}


def publications_for(user: User, *, day: datetime.date | None = None) -> list[Publication]:
    """The active publications the reader's current licence covers (none without a valid licence)."""
    membership = Membership.objects.active().filter(user=user).first()
    licence = (
        Licence.objects.valid_on(day).filter(organization=membership.organization_id).order_by("-ends_on").first()
        if membership
        else None
    )
    if licence is None:
        return []
    chosen = list(licence.publications.active())
    return chosen or list(Publication.objects.active())
