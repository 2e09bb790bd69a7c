"""Editions on the site: an archive per publication; an edition's introduction only for entitled readers."""

from __future__ import annotations

import datetime

import pytest

from courrier.editions import actions
from courrier.editions.models import Publication
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.newsroom.factories import ArticlePageFactory

DAY = datetime.date(2026, 12, 1)
INTRODUCTION = "Le mot du rédacteur en chef, réservé aux abonnés"


@pytest.fixture
def sent_edition(section, category):
    lag = Publication.objects.get(key="lcp-lag")
    articles = [ArticlePageFactory(parent=section, category=category, title=f"Nouvelle {n}") for n in range(2)]
    edition = actions.open_edition(publication=lag, date=DAY, articles=articles)
    edition.introduction = INTRODUCTION
    edition.save()
    for move in (actions.mark_ready, actions.start_sending, actions.mark_sent):
        edition = move(edition=edition)
    return edition


def test_archive_lists_editions_that_went_out(client, sent_edition):
    actions.open_edition(publication=sent_edition.publication, date=DAY + datetime.timedelta(days=1))  # a draft
    html = client.get("/editions/lcp-lag/").content.decode()
    assert "N° 1" in html
    assert "N° 2" not in html


def test_edition_page_groups_articles_and_walls_the_introduction(client, sent_edition):
    response = client.get("/editions/lcp-lag/2026-12-01/")
    html = response.content.decode()
    assert "Message DU gouvernement" in html
    assert "Nouvelle 0" in html and "Nouvelle 1" in html
    assert INTRODUCTION not in html
    assert "Désolé, pour naviguer dans notre site" in html


def test_entitled_readers_read_the_introduction_privately(client, sent_edition):
    client.force_login(ReaderFactory(organization=make_subscriber()))
    response = client.get("/editions/lcp-lag/2026-12-01/")
    assert INTRODUCTION in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/editions/lcp-lag/2026-13-01/", "/editions/lcp-lag/demain/", "/editions/inconnue/"])
def test_bad_addresses_are_404(client, db, path):
    assert client.get(path).status_code == 404


def test_drafts_are_not_on_the_site(client, section, category):
    actions.open_edition(publication=Publication.objects.get(key="lcp-lag"), date=DAY)
    assert client.get("/editions/lcp-lag/2026-12-01/").status_code == 404
