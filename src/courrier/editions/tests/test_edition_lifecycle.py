"""An edition moves draft → ready → scheduled → sending → sent (or cancelled); nothing else is allowed."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from courrier.editions import actions
from courrier.editions.actions import IllegalTransition
from courrier.editions.models import TRANSITIONS, Edition, EditionStatus, Publication
from courrier.newsroom.factories import ArticlePageFactory

DAY = datetime.date(2026, 12, 1)


@pytest.fixture
def lag(db):
    return Publication.objects.get(key="lcp-lag")


@pytest.fixture
def articles(section, category):
    return [ArticlePageFactory(parent=section, category=category, title=f"Article {n}") for n in range(3)]


def test_editions_are_numbered_per_publication_and_opened_once_per_day(lag, articles):
    first = actions.open_edition(publication=lag, date=DAY, articles=articles)
    again = actions.open_edition(publication=lag, date=DAY)
    second = actions.open_edition(publication=lag, date=DAY + datetime.timedelta(days=1))
    other = actions.open_edition(publication=Publication.objects.get(key="lcp-infomidi"), date=DAY)
    assert (first.number, second.number, other.number) == (1, 2, 1)
    assert again == first
    assert [item.article for item in first.items.all()] == articles


def test_composing_reorders_adds_and_removes(lag, articles):
    edition = actions.open_edition(publication=lag, date=DAY, articles=articles)
    actions.set_articles(edition=edition, articles=[articles[2], articles[0]])
    assert [(item.position, item.article) for item in edition.items.all()] == [(1, articles[2]), (2, articles[0])]


def test_the_happy_path(lag, articles):
    edition = actions.open_edition(publication=lag, date=DAY, articles=articles)
    edition = actions.mark_ready(edition=edition)
    at = timezone.now() + datetime.timedelta(hours=1)
    edition = actions.schedule_edition(edition=edition, at=at)
    assert list(Edition.objects.due(at)) == [edition]
    assert list(Edition.objects.due(at - datetime.timedelta(minutes=1))) == []
    edition = actions.start_sending(edition=edition)
    edition = actions.mark_sent(edition=edition)
    assert edition.status == EditionStatus.SENT and edition.sent_at is not None


MOVES = {
    EditionStatus.DRAFT: actions.back_to_draft,
    EditionStatus.READY: actions.mark_ready,
    EditionStatus.SENDING: actions.start_sending,
    EditionStatus.SENT: actions.mark_sent,
    EditionStatus.CANCELLED: actions.cancel_edition,
}


@pytest.mark.parametrize(("current", "target"), list(itertools.product(EditionStatus, MOVES)))
def test_every_transition_is_allowed_or_refused_as_the_table_says(lag, articles, current, target):
    edition = actions.open_edition(publication=lag, date=DAY, articles=articles)
    Edition.objects.filter(pk=edition.pk).update(status=current)
    edition.refresh_from_db()
    if target in TRANSITIONS[current]:
        assert MOVES[target](edition=edition).status == target
    else:
        with pytest.raises(IllegalTransition):
            MOVES[target](edition=edition)
        edition.refresh_from_db()
        assert edition.status == current


@pytest.mark.parametrize("move", [actions.mark_ready, actions.start_sending])
def test_an_edition_without_an_article_goes_nowhere(lag, move):
    edition = actions.open_edition(publication=lag, date=DAY)
    if move is actions.start_sending:
        Edition.objects.filter(pk=edition.pk).update(status=EditionStatus.READY)
        edition.refresh_from_db()
    with pytest.raises(actions.EmptyEdition, match="aucun article"):
        move(edition=edition)
    assert Edition.objects.get(pk=edition.pk).status == edition.status


def test_an_edition_without_an_article_is_not_scheduled(lag):
    edition = actions.open_edition(publication=lag, date=DAY)
    Edition.objects.filter(pk=edition.pk).update(status=EditionStatus.READY)
    with pytest.raises(actions.EmptyEdition):
        actions.schedule_edition(edition=edition, at=timezone.now() + datetime.timedelta(hours=1))
    assert Edition.objects.get(pk=edition.pk).scheduled_for is None


def test_a_sent_edition_cannot_be_recomposed(lag, articles):
    edition = actions.open_edition(publication=lag, date=DAY, articles=articles)
    Edition.objects.filter(pk=edition.pk).update(status=EditionStatus.SENT)
    edition.refresh_from_db()
    with pytest.raises(IllegalTransition):
        actions.set_articles(edition=edition, articles=[])
    assert edition.items.count() == 3


def test_the_demo_has_a_morning_edition_to_compose(section, category):
    from courrier.editions.demo import load_demo_edition

    for n in range(10):
        ArticlePageFactory(parent=section, category=category, title=f"Démo {n}")
    edition = load_demo_edition()
    assert edition.publication.key == "lcp-lag" and edition.status == EditionStatus.DRAFT
    assert edition.items.count() == 8
    assert load_demo_edition() is None
