"""Publications as mailing lists: what unsubscribing from one means, and the welcome opt-in.

Mailing serves the unsubscribe links; this module tells it which keys are
publications (any publication row, closed ones too, so that old links keep
working) and that leaving one is the reader's opt-out, as if made in Mes publications.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils.translation import gettext as _

from courrier.accounts.models import User
from courrier.editions.actions import choose_publications
from courrier.editions.models import Publication, Subscription
from courrier.editions.recipients import publications_for
from courrier.mailing.actions import record_consent
from courrier.mailing.lists import MailingList, register_list_source
from courrier.mailing.models import ConsentAction, ConsentRecord

SOURCE_NAME = "editions"
WELCOME_SOURCE = "inscription"


class PublicationLists:
    """The `ListSource` of editions: one list per publication, keyed by `Publication.key`."""

    def get(self, key: str) -> MailingList | None:
        publication = Publication.objects.filter(key=key).first()
        return as_list(publication) if publication is not None else None

    def all(self) -> list[MailingList]:
        return [as_list(publication) for publication in Publication.objects.active()]


def as_list(publication: Publication) -> MailingList:
    def leave(email: str, user: User | None) -> None:
        # An address without an account receives no publication: nothing to change but the consent log.
        if user is not None:
            choose_publications(user=user, choices={publication: False}, source=None)

    return MailingList(key=publication.key, name=publication.name, leave=leave, choose_url=reverse("my_publications"))


def register() -> None:
    register_list_source(SOURCE_NAME, PublicationLists())


def welcome_wording() -> str:
    """The sign-up page's promise (the same text as `account/signup.html`), which the new member accepted."""
    return _(
        "Si votre organisme, entreprise, ministère etc. est déjà un abonné aux services du Courrier "
        "parlementaire©, vous pouvez vous inscrire pour recevoir par courriel nos éditions quotidiennes. "
        "Vous devez cependant entrer l'adresse courriel attribuée par votre organisation."
    )


def record_welcome_consent(*, user: User) -> list[str]:
    """Record the new member's opt-in to the default publications, once it is true; returns their keys.

    A member starts receiving when their address is verified (the double opt-in: they
    signed up on the promise of `welcome_wording()`, then proved the mailbox is theirs)
    and their seat is active. Call this at both moments — address confirmed, membership
    approved or joined — and it records each default publication once: nothing for an
    unverified address or a pending seat, nor for a publication the reader chose
    themself or already has a consent record for.
    """
    email = user.email.strip().lower()
    if not EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists():
        return []
    recorded = []
    for publication in publications_for(user):
        if not publication.default_opt_in:
            continue
        if Subscription.objects.filter(user=user, publication=publication).exists():
            continue
        if ConsentRecord.objects.filter(email=email, list_key=publication.key).exists():
            continue
        record_consent(
            email=email,
            list_key=publication.key,
            action=ConsentAction.OPT_IN,
            source=WELCOME_SOURCE,
            wording=welcome_wording(),
            user=user,
        )
        recorded.append(publication.key)
    return recorded
