"""Addresses find their rubrique or article as Wagtail would, from what is remembered of the site and rubriques,
and what changes them (a site, a view restriction, a publication) takes effect at once."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from wagtail.models import PageViewRestriction, Site

from courrier.core.page_cache import CACHE_ALIAS
from courrier.newsroom.factories import ArticlePageFactory, SectionPageFactory


@pytest.fixture(autouse=True)
def _no_page_copies(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(parent=section, category=category, title="Gouvernement ouvert")


def test_rubrique_and_article_are_found(client, section, article):
    assert "Gouvernement ouvert" in client.get(section.url).content.decode()
    response = client.get(article.url)
    assert response.status_code == 200
    assert response.context["page"] == article


def test_an_unknown_article_or_a_deeper_address_is_not_found(client, section, article):
    assert client.get(f"{section.url}inconnu/").status_code == 404
    assert client.get(f"{article.url}plus-loin/").status_code == 404
    assert client.get("/rubrique-inconnue/").status_code == 404


def test_an_unpublished_article_is_not_found(client, article):
    assert client.get(article.url).status_code == 200
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_the_same_slug_in_another_rubrique_is_that_rubriques_article(client, home, section, article, category):
    other = SectionPageFactory(parent=home, title="Ce qu'ils ont dit", slug="ce-quils-ont-dit")
    namesake = ArticlePageFactory(parent=other, category=category, slug=article.slug, title="Homonyme")
    assert client.get(namesake.url).context["page"] == namesake
    assert client.get(article.url).context["page"] == article


def test_an_article_of_an_unpublished_rubrique_is_served_as_wagtail_does(client, section, article):
    section.unpublish()
    response = client.get(article.url)
    assert response.status_code == 200
    assert response.context["page"] == article


def test_a_view_restriction_applies_at_once(client, section, article):
    assert client.get(article.url).status_code == 200
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302
    assert "Gouvernement ouvert" not in response.content.decode()


def test_a_site_moved_to_another_root_is_followed_at_once(client, home, section, article):
    assert client.get("/").context["page"] == home
    Site.objects.filter(root_page=home).update(root_page=section)  # a queryset update sends no signal
    Site.objects.get(root_page=section).save()
    assert client.get("/").context["page"] == section
    assert client.get(f"/{article.slug}/").context["page"] == article


def test_made_up_addresses_are_not_remembered(client, section, article):
    store = caches[CACHE_ALIAS]
    client.get(article.url)
    client.get(f"{section.url}invente/")  # the parts of a "not found" page are remembered once
    kept = len(store._cache)  # locmem's own dict: test settings
    for number in range(20):
        assert client.get(f"{section.url}invente-{number}/").status_code == 404
    assert len(store._cache) == kept
