"""Pages' parts remembered per content generation: never across the paywall, never stale, never a draft's."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from courrier.licensing.factories import ReaderFactory
from courrier.newsroom.factories import ArticlePageFactory, SectionPageFactory

BODY = "Texte réservé aux abonnés"


@pytest.fixture(autouse=True)
def _no_page_copies(settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request renders the page: only its parts may be remembered


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(parent=section, category=category, title="Gouvernement ouvert")


@pytest.fixture
def reader(db):
    browser = Client()
    browser.force_login(ReaderFactory())
    return browser


def test_the_body_a_reader_was_shown_is_never_shown_to_a_visitor(client, reader, article):
    assert BODY in reader.get(article.url).content.decode()
    html = client.get(article.url, HTTP_COOKIE="autre=1").content.decode()
    assert BODY not in html
    assert 'class="licence-wall"' in html


def test_a_reader_after_a_visitor_is_shown_the_body(client, reader, article):
    assert BODY not in client.get(article.url).content.decode()
    assert BODY in reader.get(article.url).content.decode()


def test_a_new_version_is_shown_at_once(reader, article):
    reader.get(article.url)
    article.title = "Gouvernement ouvert : bilan"
    article.body = [("paragraph", "<p>Deuxième version du texte.</p>")]
    article.save_revision().publish()
    html = reader.get(article.url).content.decode()
    assert "Deuxième version du texte." in html
    assert "Gouvernement ouvert : bilan" in html


def test_the_related_list_shows_an_article_published_since(reader, section, article):
    reader.get(article.url)
    newer = ArticlePageFactory(parent=section, category=article.category, title="Publié depuis", live=False)
    newer.save_revision().publish()
    assert "Publié depuis" in reader.get(article.url).content.decode()


def test_a_draft_is_previewed_with_its_own_body(client, staff, article):
    client.force_login(staff)
    assert BODY in client.get(article.url).content.decode()
    article.body = [("paragraph", "<p>Brouillon non publié.</p>")]
    article.save_revision()
    html = client.get(f"/admin/pages/{article.pk}/view_draft/").content.decode()
    assert "Brouillon non publié." in html
    assert BODY not in html
    assert BODY in client.get(article.url).content.decode()


def test_the_menu_marks_the_rubrique_of_each_page(client, home, category):
    derriere = SectionPageFactory(parent=home, title="Derrière les décrets", show_in_menus=True)
    disent = SectionPageFactory(parent=home, title="Ce qu'ils ont dit", show_in_menus=True)
    first = ArticlePageFactory(parent=derriere, category=category)
    second = ArticlePageFactory(parent=disent, category=category)
    assert current_rubrique(client.get(first.url)) == ["Derrière les décrets"]
    assert current_rubrique(client.get(second.url)) == ["Ce qu&#x27;ils ont dit"]
    assert current_rubrique(client.get(disent.url)) == ["Ce qu&#x27;ils ont dit"]
    assert current_rubrique(client.get("/")) == []


def current_rubrique(response) -> list[str]:
    return re.findall(r'aria-current="page">([^<]+)<', response.content.decode())
