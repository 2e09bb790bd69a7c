"""« Éditions »: every publication composed as editions, with its latest editions that went out and the way
to all of them; drafts and cancelled editions never show, nor Alerte Décrets (sent from the Gazette)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from courrier.editions import actions
from courrier.editions.models import Edition, EditionStatus, Publication
from courrier.newsroom.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

PAGE = "/editions/"


def sent(publication: Publication, day: datetime.date, articles) -> Edition:
    edition = actions.open_edition(publication=publication, date=day, articles=articles)
    Edition.objects.filter(pk=edition.pk).update(status=EditionStatus.SENT)
    return edition


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(parent=section, category=category, title="Le budget est déposé")


def test_each_publication_shows_its_latest_editions_newest_first(client, article):
    lag = Publication.objects.get(key="lcp-lag")
    for day in range(1, 8):
        sent(lag, datetime.date(2026, 11, day), [article])
    actions.open_edition(publication=lag, date=datetime.date(2026, 11, 9), articles=[article])  # a draft
    html = client.get(PAGE).content.decode()
    shown = [int(day) for day in re.findall(r'datetime="2026-11-(\d\d)"', html)]
    assert shown == [7, 6, 5, 4, 3]
    assert 'href="/editions/lcp-lag/"' in html and "Toutes les éditions de LCP-LAG" in html


def test_publications_without_an_edition_say_so_and_alerte_decrets_is_not_one(client):
    html = client.get(PAGE).content.decode()
    for publication in Publication.objects.composed():
        assert publication.name in html
    assert "Aucune édition n'a encore paru." in html
    assert "/editions/alerte-decrets/" not in html


def test_two_queries_whatever_the_number_of_editions(client, article):
    lag = Publication.objects.get(key="lcp-lag")
    for day in range(1, 4):
        sent(lag, datetime.date(2026, 11, day), [article])
    client.get(PAGE)
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE, {"encore": "1"})
    for day in range(4, 20):
        sent(lag, datetime.date(2026, 11, day), [article])
    with CaptureQueriesContext(connection) as many:
        client.get(PAGE, {"encore": "2"})
    assert len(many) == len(few) <= 3


def test_linked_from_the_footer(client):
    assert 'href="/editions/"' in client.get("/decrets/").content.decode()


def test_english_pages_describe_the_publications_in_english(client):
    client.cookies["django_language"] = "en"
    page = client.get("/editions/").content.decode()
    assert "Our edition every weekday morning, from September to June." in page
    assert "Notre édition de tous les matins" not in page


def test_a_description_staff_rewrote_shows_as_written():
    publication = Publication.objects.get(key="lcp-lag")
    publication.description = "Chaque matin, pour les abonnés."
    with translation.override("en"):
        assert publication.translated_description == "Chaque matin, pour les abonnés."
