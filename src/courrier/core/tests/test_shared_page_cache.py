"""Anonymous visitors share copies of teaser pages; nobody else ever gets one."""

import pytest
from django.conf import settings
from django.core.cache import cache, caches

from courrier.accounts.factories import UserFactory
from courrier.core.page_cache import CACHE_ALIAS
from courrier.licensing.entitlements import IP_RANGES_GENERATION_KEY, make_reading_token
from courrier.licensing.factories import IpRangeFactory, ReaderFactory, make_subscriber
from courrier.licensing.models import MembershipStatus
from courrier.newsroom.factories import ArticlePageFactory

BODY = "Texte réservé aux abonnés"
ANONYMOUS_WALL = "Désolé, pour naviguer dans notre site"
SUBSCRIBER_ADDRESS = "198.51.100.7"


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(parent=section, category=category, title="Avant la mise à jour")


@pytest.fixture
def organization(db):
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")


@pytest.fixture
def kept_copies(monkeypatch):
    """Every shared copy the middleware stores during the test, by key."""
    store = caches[CACHE_ALIAS]
    kept = {}
    original = store.set

    def spy(key, value, *args, **kwargs):
        if key.startswith("page:"):
            kept[key] = value
        return original(key, value, *args, **kwargs)

    monkeypatch.setattr(store, "set", spy)
    return kept


def test_second_anonymous_visit_is_served_from_the_shared_copy(client, article, django_assert_num_queries):
    first = client.get(article.url)
    with django_assert_num_queries(0):
        second = client.get(article.url)
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Cookie" in second["Vary"]


def test_publishing_shows_at_once(client, article):
    client.get(article.url)
    client.get("/")
    article.title = "Après la mise à jour"
    article.save_revision().publish()
    assert "Après la mise à jour" in client.get(article.url).content.decode()
    assert "Après la mise à jour" in client.get("/").content.decode()


def test_unpublishing_removes_the_teaser_at_once(client, article):
    assert client.get(article.url).status_code == 200
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_staff_never_get_a_shared_copy_and_never_leave_one(client, staff, article):
    client.force_login(staff)
    assert BODY in client.get(article.url).content.decode()
    client.logout()
    client.cookies.clear()
    assert BODY not in client.get(article.url).content.decode()
    client.force_login(staff)
    assert BODY in client.get(article.url).content.decode()


def test_unknown_cookie_bypasses_the_shared_copy(client, article):
    assert "newsroom/article_page.html" in template_names(client.get(article.url))
    assert template_names(client.get(article.url)) == []  # the shared copy
    client.cookies["messages"] = "quelque-chose"
    response = client.get(article.url)
    assert response.status_code == 200
    assert "newsroom/article_page.html" in template_names(response)


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def test_languages_get_their_own_copies(client, article):
    french = client.get(article.url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(article.url).content.decode()
    assert "Désolé, pour naviguer" in french
    assert "Sorry, a licence/subscription is required" in english


def test_not_found_is_not_kept(client, home, article):
    assert client.get("/rien-ici/").status_code == 404
    assert client.get("/rien-ici/").status_code == 404


def _ended_licence_reader():
    ended = make_subscriber(name="Ville de Lévis", domain="ville.levis.qc.ca", expired=True)
    return ReaderFactory(organization=ended)


USERS = {
    "staff": lambda organization: UserFactory(staff=True),
    "licensed": lambda organization: ReaderFactory(organization=organization),
    "no-licence": lambda organization: UserFactory(),
    "licence-ended": lambda organization: _ended_licence_reader(),
    "pending": lambda organization: ReaderFactory(organization=organization, status=MembershipStatus.PENDING),
    "unverified": lambda organization: ReaderFactory(organization=organization, verified=False),
}


def visit_as(client, visitor: str, organization, url: str):
    query, extra = {}, {}
    if visitor == "ip-range":
        IpRangeFactory(organization=organization, cidr="198.51.100.0/24")
        extra["REMOTE_ADDR"] = SUBSCRIBER_ADDRESS
    elif visitor == "reading-link":
        query["lien"] = make_reading_token(ReaderFactory(organization=organization), "edition")
    else:
        client.force_login(USERS[visitor](organization))
    return client.get(url, query, **extra)


# All but the anonymous visitor get a page that depends on who they are: a body or a personal message.
@pytest.mark.parametrize("visitor", [*USERS, "ip-range", "reading-link"])
def test_personal_pages_are_never_stored_nor_served_again(client, organization, article, kept_copies, visitor):
    response = visit_as(client, visitor, organization, article.url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert kept_copies == {}
    client.logout()
    client.cookies.clear()
    assert ANONYMOUS_WALL in client.get(article.url).content.decode()


def test_shared_copies_never_hold_a_body(client, staff, organization, article, kept_copies):
    IpRangeFactory(organization=organization, cidr="198.51.100.0/24")
    client.get(article.url)
    client.get(article.url, REMOTE_ADDR=SUBSCRIBER_ADDRESS)
    client.force_login(staff)
    client.get(article.url)
    assert len(kept_copies) == 1
    for content, _headers in kept_copies.values():
        assert BODY.encode() not in content


def test_ip_range_visitor_neither_gets_nor_leaves_a_shared_copy(client, organization, article):
    IpRangeFactory(organization=organization, cidr="198.51.100.0/24")
    from_subscriber = client.get(article.url, REMOTE_ADDR=SUBSCRIBER_ADDRESS).content.decode()
    assert BODY in from_subscriber
    assert BODY not in client.get(article.url).content.decode()
    assert BODY in client.get(article.url, REMOTE_ADDR=SUBSCRIBER_ADDRESS).content.decode()


def test_ip_ranges_cost_one_shared_cache_read_inside_and_none_outside(client, organization, article, monkeypatch):
    """The page cache and the entitlement both ask about the address: the shared generation is read once."""
    IpRangeFactory(organization=organization, cidr="198.51.100.0/24")
    client.get(article.url, REMOTE_ADDR=SUBSCRIBER_ADDRESS)
    reads = []
    original = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *args, **kwargs: reads.append(key) or original(key, *args, **kwargs))
    client.get(article.url, REMOTE_ADDR=SUBSCRIBER_ADDRESS)
    assert reads.count(IP_RANGES_GENERATION_KEY) == 1
    reads.clear()
    client.get(article.url)
    assert IP_RANGES_GENERATION_KEY not in reads
