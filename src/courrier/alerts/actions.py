"""State changes of Alerte Décrets: a reader's filters, and publishing a Gazette issue's decrees with its alert.

Both are atomic; the alert itself leaves from a task enqueued on commit (see `sending.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courrier.accounts.models import User
from courrier.alerts import sending
from courrier.alerts.matching import MAX_KEYWORD_LENGTH, MAX_KEYWORDS, Criteria, normalise, split_keywords
from courrier.alerts.models import DecreeAlert, DecreeAlertFilter
from courrier.alerts.tasks import send_decree_alert
from courrier.core.page_cache import forget_shared_copies
from courrier.parliament.models import Decree, DecreeCategory, GazetteIssue, Ministry


class AlertRefused(Exception):
    """Publishing refused; the message (French, translatable) says why, and nothing has changed."""


def clean_keywords(text: str) -> list[str]:
    """The keywords a reader typed, each once, or `ValidationError` in French (too many, too long)."""
    keywords = split_keywords(text)
    if len(keywords) > MAX_KEYWORDS:
        raise ValidationError(
            _("Indiquez au plus %(count)d mots clés.") % {"count": MAX_KEYWORDS}, code="too_many_keywords"
        )
    for keyword in keywords:
        if len(keyword) > MAX_KEYWORD_LENGTH:
            raise ValidationError(
                _("Un mot clé compte au plus %(length)d caractères : « %(keyword)s… » est trop long.")
                % {"length": MAX_KEYWORD_LENGTH, "keyword": keyword[:30]},
                code="keyword_too_long",
            )
        if not normalise(keyword):
            raise ValidationError(_("Un mot clé doit contenir au moins une lettre ou un chiffre."), code="no_letters")
    return keywords


@transaction.atomic
def set_decree_alert_filter(
    *, user: User, ministries: Iterable[Ministry], categories: Iterable[str], keywords: str
) -> DecreeAlertFilter | None:
    """The reader's Alerte Décrets filters become these; nothing chosen removes them (every decree again).

    Raises `ValidationError` (French) for an unknown category or unusable keywords.
    """
    chosen_ministries = list(ministries)
    chosen_categories = sorted(set(categories))
    unknown = set(chosen_categories) - set(DecreeCategory.values)
    if unknown:
        raise ValidationError(_("Catégorie inconnue : %(category)s.") % {"category": ", ".join(sorted(unknown))})
    typed = clean_keywords(keywords)
    criteria = Criteria.of(
        ministries=(ministry.pk for ministry in chosen_ministries), categories=chosen_categories, keywords=keywords
    )
    if criteria.is_empty:
        DecreeAlertFilter.objects.filter(user=user).delete()
        return None
    row, _created = DecreeAlertFilter.objects.update_or_create(
        user=user,
        defaults={
            "categories": chosen_categories,
            "keywords": ", ".join(typed),
            "criteria": criteria.as_json(),
            "signature": criteria.signature,
            "updated_at": timezone.now(),
        },
    )
    row.ministries.set(chosen_ministries)
    return row


@dataclass(frozen=True)
class PublishedIssue:
    """What publishing did: decrees newly shown on the site, and the issue's alert (new, or sent before)."""

    issue: GazetteIssue
    newly_published: int
    alert: DecreeAlert | None
    alert_created: bool


def enqueue_alert(alert_id: int) -> None:
    send_decree_alert.enqueue(alert_id)


@transaction.atomic
def publish_gazette_issue(*, issue: GazetteIssue, by: User | None) -> PublishedIssue:
    """Show the issue's decrees on the site and send its Alerte Décrets, once.

    The alert goes out from a task once this commits (`tasks.send_decree_alert`): one campaign,
    with a variant per distinct set of decrees the readers' filters select.
    Decrees entered since an earlier publication are published too, but an issue's alert is sent
    only the first time (`DecreeAlert` is one per issue): publishing again sends nothing. While the
    Alerte Décrets publication is inactive the decrees are published with no alert, and a later
    publication sends it. Raises `AlertRefused` for an issue without decrees.
    """
    locked = GazetteIssue.objects.select_for_update().get(pk=issue.pk)
    decrees = Decree.objects.in_issue(locked)
    if not decrees.exists():
        raise AlertRefused(_("Ce numéro de la Gazette ne contient aucun décret : rien à publier."))
    now = timezone.now()
    newly_published = decrees.unpublished().update(published_at=now)
    if newly_published:
        transaction.on_commit(forget_shared_copies)  # lists and search shared with visitors show them at once
    existing = DecreeAlert.objects.filter(issue=locked).first()
    if existing is not None or sending.alert_publication() is None:
        return PublishedIssue(locked, newly_published, existing, alert_created=False)
    alert = DecreeAlert.objects.create(issue=locked, created_at=now, created_by=by)
    transaction.on_commit(partial(enqueue_alert, alert.pk))
    return PublishedIssue(locked, newly_published, alert, alert_created=True)
