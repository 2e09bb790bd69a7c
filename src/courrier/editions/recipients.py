"""Who receives a publication now: one set-based query, never a loop over people."""

from __future__ import annotations

import datetime

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


def receives(user: User, publication: Publication) -> bool:
    """The reader's own choice, or the publication's default when they never chose."""
    choice = Subscription.objects.filter(user=user, publication=publication).values_list("subscribed", flat=True)
    return next(iter(choice), publication.default_opt_in)


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
