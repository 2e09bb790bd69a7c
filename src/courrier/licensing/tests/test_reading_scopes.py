"""What a reading link opens, item by item or a listing at once: the two answers agree, and kinds stay apart."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from courrier.licensing import entitlements
from courrier.licensing.entitlements import (
    Entitlement,
    Grounds,
    register_reading_scope,
    register_reading_scope_many,
)


@dataclass
class Article:
    pk: int


@dataclass
class Decree:
    pk: int


@pytest.fixture(autouse=True)
def _own_registry(monkeypatch):
    monkeypatch.setattr(entitlements, "_reading_scopes", {})


def link(scope: str) -> Entitlement:
    return Entitlement(Grounds.READING_LINK, reader="Camille Tremblay", scope=scope)


def test_a_one_by_one_check_answers_for_a_listing_too():
    register_reading_scope("edition", lambda argument, item: item.pk in (1, 3), kind=Article)
    articles = [Article(1), Article(2), Article(3)]
    assert link("edition:7").readable(articles) == [articles[0], articles[2]]
    assert link("edition:7").may_read(articles[0])
    assert not link("edition:7").may_read(articles[1])


def test_a_listing_is_asked_once_per_kind_and_kinds_stay_apart():
    asked = []

    def opens(argument: str, items: list) -> list:
        asked.append((argument, list(items)))
        return [item for item in items if item.pk == 1]

    register_reading_scope_many("campaign", opens, kind=Article)
    register_reading_scope("campaign", lambda argument, item: item.pk == 2, kind=Decree)
    article, other_article, decree, other_decree = Article(1), Article(2), Decree(1), Decree(2)
    listing = [decree, article, other_decree, other_article]
    assert link("campaign:12").readable(listing) == [article, other_decree]
    assert asked == [("12", [article, other_article])]


@pytest.mark.parametrize("scope", ["inconnu:1", ""])
def test_a_scope_nobody_answers_for_opens_nothing(scope):
    register_reading_scope_many("campaign", lambda argument, items: items, kind=Article)
    assert link(scope).readable([Article(1)]) == []


@pytest.mark.parametrize(
    ("grounds", "reads"), [(Grounds.STAFF, True), (Grounds.LICENCE, True), (Grounds.ANONYMOUS, False)]
)
def test_other_grounds_open_every_item_or_none(grounds, reads):
    items = [Article(1), Decree(1)]
    assert Entitlement(grounds).readable(items) == (items if reads else [])
