"""State changes of editions: readers' choices of publications, each edition's life (a state machine),
and the dated updates of a weekly edition."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from courrier.accounts.models import User
from courrier.editions.models import (
    UPDATE_TITLE_LENGTH,
    Cadence,
    Edition,
    EditionArticle,
    EditionStatus,
    EditionUpdate,
    Publication,
    Subscription,
)
from courrier.editions.recipients import choices_of
from courrier.mailing.actions import record_consent
from courrier.mailing.models import ConsentAction
from courrier.newsroom.models import ArticlePage


@transaction.atomic
def choose_publications(
    *, user: User, choices: Mapping[Publication, bool], source: str | None = "profil", wording: str = ""
) -> list[Publication]:
    """Record the reader's choice for each publication; returns the publications whose choice changed.

    Each change is also an opt-in or opt-out in the consent log, with `source` and the
    `wording` the reader saw (followed by the box they ticked or cleared), unless `source`
    is None: the caller (mailing's unsubscribe) writes the consent record itself.
    """
    changed = []
    now = timezone.now()
    current = choices_of(user, choices)
    for publication, subscribed in choices.items():
        if current[publication] == subscribed:
            continue
        Subscription.objects.update_or_create(
            user=user, publication=publication, defaults={"subscribed": subscribed, "changed_at": now}
        )
        changed.append(publication)
        if source is not None:
            record_consent(
                email=user.email,
                list_key=publication.key,
                action=ConsentAction.OPT_IN if subscribed else ConsentAction.OPT_OUT,
                source=source,
                wording="\n".join(filter(None, [wording, f"[{'x' if subscribed else ' '}] {publication.name}"])),
                user=user,
            )
    return changed


class IllegalTransition(Exception):
    """An edition was asked to move to a status that may not follow its own."""


class EmptyEdition(IllegalTransition):
    """An edition without an article may be neither ready, scheduled nor sent: its message says so."""


def _move(edition: Edition, status: EditionStatus, *, needs_articles: bool = False, **fields: object) -> Edition:
    """Change status under a row lock, refusing what TRANSITIONS does not allow (and, with `needs_articles`,
    an edition without an article)."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if not locked.may_become(status):
        raise IllegalTransition(f"{locked.get_status_display()} → {EditionStatus(status).label}")
    if needs_articles and not locked.items.exists():
        raise EmptyEdition(
            _(
                "Cette édition ne contient aucun article : ajoutez-en au moins un avant de la marquer prête, "
                "de la programmer ou de l'envoyer."
            )
        )
    locked.status = status
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=["status", *fields])
    return locked


@transaction.atomic
def open_edition(*, publication: Publication, date: datetime.date, articles: Sequence[ArticlePage] = ()) -> Edition:
    """The edition of `publication` for `date`, created as a draft with the next number (idempotent)."""
    existing = Edition.objects.filter(publication=publication, date=date).first()
    if existing is not None:
        return existing
    last = Edition.objects.filter(publication=publication).aggregate(number=Max("number"))["number"] or 0
    edition = Edition.objects.create(publication=publication, date=date, number=last + 1)
    EditionArticle.objects.bulk_create(
        EditionArticle(edition=edition, article=article, position=position)
        for position, article in enumerate(articles, start=1)
    )
    return edition


@transaction.atomic
def set_articles(*, edition: Edition, articles: Sequence[ArticlePage]) -> Edition:
    """Compose: the edition's articles become exactly these, in this order (drafts and ready editions only)."""
    if edition.status not in (EditionStatus.DRAFT, EditionStatus.READY):
        raise IllegalTransition(f"{edition.get_status_display()} : composition fermée")
    EditionArticle.objects.filter(edition=edition).delete()
    EditionArticle.objects.bulk_create(
        EditionArticle(edition=edition, article=article, position=position)
        for position, article in enumerate(articles, start=1)
    )
    return edition


@transaction.atomic
def mark_ready(*, edition: Edition) -> Edition:
    return _move(edition, EditionStatus.READY, needs_articles=True)


@transaction.atomic
def back_to_draft(*, edition: Edition) -> Edition:
    return _move(edition, EditionStatus.DRAFT, scheduled_for=None)


@transaction.atomic
def schedule_edition(*, edition: Edition, at: datetime.datetime) -> Edition:
    return _move(edition, EditionStatus.SCHEDULED, needs_articles=True, scheduled_for=at)


@transaction.atomic
def unschedule_edition(*, edition: Edition) -> Edition:
    return _move(edition, EditionStatus.READY, scheduled_for=None)


@transaction.atomic
def start_sending(*, edition: Edition) -> Edition:
    """The edition leaves the editors' hands; the mailing pipeline takes over."""
    return _move(edition, EditionStatus.SENDING, needs_articles=True)


@transaction.atomic
def mark_sent(*, edition: Edition) -> Edition:
    return _move(edition, EditionStatus.SENT, sent_at=timezone.now())


@transaction.atomic
def cancel_edition(*, edition: Edition) -> Edition:
    return _move(edition, EditionStatus.CANCELLED, scheduled_for=None)


class UpdateRefused(Exception):
    """An update the edition does not take; the message (French, translatable) says why, for the editor."""


@transaction.atomic
def publish_update(
    *,
    edition: Edition,
    title: str,
    text: str,
    articles: Iterable[ArticlePage] = (),
    notify: bool,
    author: User | None,
) -> EditionUpdate:
    """A dated update on the page of a weekly edition that went out; with `notify`, also emailed at once
    to the edition's readers (a campaign of its own, same audience and list as the edition)."""
    locked = Edition.objects.select_for_update(of=("self",)).select_related("publication").get(pk=edition.pk)
    if locked.publication.cadence != Cadence.WEEKLY:
        raise UpdateRefused(_("Seules les éditions hebdomadaires reçoivent des mises à jour."))
    if locked.status not in (EditionStatus.SENDING, EditionStatus.SENT):
        raise UpdateRefused(_("Cette édition n'a pas encore paru : envoyez-la avant d'y ajouter une mise à jour."))
    title, text = " ".join(title.split()), text.strip()  # one line: the title goes into the email's subject
    if not title or not text or len(title) > UPDATE_TITLE_LENGTH:
        raise UpdateRefused(
            _("Une mise à jour a un titre (%(length)s caractères au plus) et un texte.")
            % {"length": UPDATE_TITLE_LENGTH}
        )
    update = EditionUpdate.objects.create(edition=locked, title=title, text=text, notify=notify, author=author)
    update.articles.set(articles)
    if notify:
        # Imported here: sending imports this module.
        from courrier.editions.sending import send_update

        send_update(update=update)
    return update
