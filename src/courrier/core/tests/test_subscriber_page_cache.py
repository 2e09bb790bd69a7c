"""Subscribers reading under a licence share one server-side rendering of a full article, personalised
with their own account menu, checked against their own entitlement on every request."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client

from courrier.accounts.factories import UserFactory
from courrier.core.page_cache import CACHE_ALIAS, SubscriberPageCacheMiddleware, teasers_copy
from courrier.licensing.factories import ReaderFactory, make_subscriber
from courrier.licensing.models import Licence, MembershipStatus
from courrier.newsroom.factories import ArticlePageFactory

BODY = "Texte réservé aux abonnés"


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(parent=section, category=category, title="Gouvernement ouvert")


@pytest.fixture
def mcn(db):
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")


@pytest.fixture
def subscriber_copies():
    store = caches[CACHE_ALIAS]
    return lambda: [key for key in store._cache if "subscriber:" in key]  # locmem's own dict: test settings


def reader_client(user):
    browser = Client()
    browser.force_login(user)
    return browser


def csrf_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_second_subscriber_gets_the_copy_with_their_own_name_and_token(article, mcn, subscriber_copies):
    camille = ReaderFactory(organization=mcn, first_name="Camille", last_name="Tremblay")
    jean = ReaderFactory(organization=mcn, first_name="Jean", last_name="Bouchard")
    first = reader_client(camille).get(article.url).content.decode()
    assert subscriber_copies()
    response = reader_client(jean).get(article.url)
    second = response.content.decode()
    assert BODY in second
    assert "Jean Bouchard" in second and "Camille Tremblay" not in second
    assert csrf_in(second) != csrf_in(first)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_copy_is_never_served_to_someone_who_may_not_read(article, mcn):
    reader_client(ReaderFactory(organization=mcn)).get(article.url)  # the copy exists
    removed = ReaderFactory(organization=mcn, status=MembershipStatus.REMOVED)
    unverified = ReaderFactory(organization=mcn, verified=False)
    pending = ReaderFactory(organization=mcn, status=MembershipStatus.PENDING)
    outsider = UserFactory()
    for person in (removed, unverified, pending, outsider):
        html = reader_client(person).get(article.url).content.decode()
        assert BODY not in html, person


def test_a_licence_ending_stops_the_copy_at_once(article, mcn):
    reader = ReaderFactory(organization=mcn)
    browser = reader_client(reader)
    assert BODY in browser.get(article.url).content.decode()
    Licence.objects.filter(organization=mcn).update(ends_on="2020-01-01", starts_on="2019-01-01")
    assert BODY not in browser.get(article.url).content.decode()


def test_staff_never_store_nor_get_a_copy(article, mcn, subscriber_copies):
    staff = UserFactory(staff=True)
    assert "Administration" in reader_client(staff).get(article.url).content.decode()
    assert not subscriber_copies()
    reader_client(ReaderFactory(organization=mcn)).get(article.url)
    assert "Administration" in reader_client(staff).get(article.url).content.decode()


def test_publishing_a_new_version_shows_it_to_subscribers_at_once(article, mcn):
    browser = reader_client(ReaderFactory(organization=mcn))
    browser.get(article.url)
    article.title = "Gouvernement ouvert : nouvelle version"
    article.save_revision().publish()
    assert "nouvelle version" in browser.get(article.url).content.decode()


def test_pending_messages_are_shown_rather_than_the_copy(article, mcn):
    reader_client(ReaderFactory(organization=mcn)).get(article.url)
    browser = reader_client(ReaderFactory(organization=mcn))
    browser.post("/profil/", {"first_name": "Nadia", "last_name": "Côté", "job_title": "", "language": "fr-ca"})
    html = browser.get(article.url).content.decode()
    assert "Votre profil est enregistré." in html
    assert "Nadia Côté" in html


def test_names_are_escaped_in_the_personalised_menu(article, mcn):
    reader_client(ReaderFactory(organization=mcn)).get(article.url)
    html = reader_client(ReaderFactory(organization=mcn, first_name="<script>x</script>")).get(article.url)
    text = html.content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in text
    assert "<script>x</script>" not in text


LISTINGS = {
    "home": lambda article: "/",
    "rubrique": lambda article: article.get_parent().url,
    "category": lambda article: f"/categories/{article.category.slug}/",
    "decrees": lambda article: "/decrets/",
    "members": lambda article: "/deputes/",
}


@pytest.mark.parametrize("listing", LISTINGS)
def test_listings_are_shared_by_subscribers_each_with_their_own_menu(article, mcn, subscriber_copies, listing):
    url = LISTINGS[listing](article)
    camille = ReaderFactory(organization=mcn, first_name="Camille", last_name="Tremblay")
    reader_client(camille).get(url)
    assert subscriber_copies()
    outsider = UserFactory(first_name="Olivier", last_name="Dehors")
    for person, name in (
        (ReaderFactory(organization=mcn, first_name="Jean", last_name="Bouchard"), "Jean Bouchard"),
        (outsider, "Olivier Dehors"),
    ):
        html = reader_client(person).get(url).content.decode()
        assert name in html and "Camille Tremblay" not in html, listing


def test_a_new_article_shows_in_the_subscribers_rubrique_at_once(article, mcn, section):
    browser = reader_client(ReaderFactory(organization=mcn))
    assert "Gouvernement ouvert" in browser.get(section.url).content.decode()
    draft = ArticlePageFactory(parent=section, category=article.category, title="Budget déposé ce matin", live=False)
    assert "Budget déposé ce matin" not in browser.get(section.url).content.decode()
    draft.save_revision().publish()
    assert "Budget déposé ce matin" in browser.get(section.url).content.decode()
    article.unpublish()
    assert "Gouvernement ouvert" not in browser.get(section.url).content.decode()


def test_search_is_never_served_from_a_copy(article, mcn, subscriber_copies, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "search": "2/m/key"}
    browser = reader_client(ReaderFactory(organization=mcn))
    statuses = [browser.get("/recherche/?q=gouvernement").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # every search counts against the limit
    assert not subscriber_copies()


def test_a_page_holding_a_token_of_its_own_is_not_kept(mcn, subscriber_copies, rf):
    def view(request):
        menu = '<!--compte--><form><input name="csrfmiddlewaretoken" value="a"></form><!--/compte-->'
        form = '<form method="post"><input name="csrfmiddlewaretoken" value="b"></form>'
        return teasers_copy(HttpResponse(menu + form))

    request = rf.get("/page-avec-formulaire/")
    request.user = ReaderFactory(organization=mcn)
    request.session = {}
    request.COOKIES = {}
    assert 'value="b"' in SubscriberPageCacheMiddleware(view)(request).content.decode()
    assert not subscriber_copies()
