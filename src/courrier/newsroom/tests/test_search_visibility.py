"""Search matches only what the requester may see: whoever may not read searches the teasers (an article's
title, lead, category and rubrique; a decree's number, title and ministries), so neither the results, nor their
count, nor their order tells whether a word is in paywalled text; whoever reads everything searches full text."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.utils import timezone

from courrier.accounts.factories import UserFactory
from courrier.licensing.entitlements import make_reading_token
from courrier.licensing.factories import IpRangeFactory, ReaderFactory, make_subscriber
from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory, SectionPageFactory
from courrier.parliament.factories import DecreeFactory, MinistryFactory
from courrier.parliament.models import Decree

BODY_WORD = "ornithorynque"  # only in the paid body
DECREE_TEXT_WORD = "chinchilla"  # only in the decree's full text
NONSENSE = "zxqvbnmw"
SUBSCRIBER_ADDRESS = "198.51.100.7"
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _body(text: str) -> list:
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def content(home, category):
    section = SectionPageFactory(parent=home, title="Derrière les décrets", slug="derriere-les-decrets")
    health = CategoryFactory(name="Santé publique", slug="sante-publique")
    now = timezone.now()
    paid = ArticlePageFactory(
        parent=section,
        category=health,
        title="Le régime des médecins revu",
        lead="Le Conseil des ministres adopte un règlement attendu.",
        body=_body(f"Selon nos sources, l'{BODY_WORD} du ministère sera remplacé en mars."),
        published_at=now - dt.timedelta(days=3),
    )
    ministry = MinistryFactory(name="Ministère des Transports et de la Mobilité durable", acronym="MTMD")
    decree = DecreeFactory(
        number=1402,
        year=2026,
        published=True,
        title="Concernant la sécurité des ponts routiers",
        full_text=f"IL EST ORDONNÉ QUE le {DECREE_TEXT_WORD} soit inspecté chaque année.",
        ministries=[ministry],
    )
    return {"article": paid, "section": section, "category": health, "decree": decree}


def _subscriber():
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca")


def _as(client, who: str):
    if who == "licensed":
        client.force_login(ReaderFactory(organization=_subscriber()))
    elif who == "ip-range":
        IpRangeFactory(organization=_subscriber(), cidr="198.51.100.0/24")
        client.defaults["REMOTE_ADDR"] = SUBSCRIBER_ADDRESS
    elif who == "staff":
        client.force_login(UserFactory(staff=True))
    elif who == "no-licence":
        client.force_login(UserFactory())
    elif who == "licence-ended":
        client.force_login(ReaderFactory(organization=make_subscriber(name="Exemple inc.", expired=True)))
    return client


@pytest.fixture(params=["anonymous", "no-licence", "licence-ended"])
def outsider(request, client, db):
    return _as(client, request.param)


@pytest.fixture(params=["licensed", "ip-range", "staff"])
def entitled(request, client, db):
    return _as(client, request.param)


def _search(client, **params) -> tuple[list, str]:
    response = client.get("/recherche/", params)
    assert response.status_code == 200
    return list(response.context["results"]), html.unescape(response.content.decode())


def _answer(client, word: str, **filters) -> str:
    """The page for `word`, the word itself blanked out: what it tells about the word beyond its echo."""
    response = client.get("/recherche/", {"q": word, **filters})
    assert response.status_code == 200
    page = CSRF_TOKEN.sub("", html.unescape(response.content.decode()))  # a logged-in menu's logout form
    return page.replace(word, "MOT")


def test_a_word_only_in_a_paid_body_finds_nothing_and_reads_like_nonsense(outsider, content):
    found, _ = _search(outsider, q=BODY_WORD)
    assert found == []
    assert _answer(outsider, BODY_WORD) == _answer(outsider, NONSENSE)


def test_the_public_filters_cannot_isolate_one_article_to_probe_its_body(outsider, content):
    published = timezone.localdate(content["article"].published_at)
    filters = {
        "rubrique": "derriere-les-decrets",
        "categorie": "sante-publique",
        "du": published.isoformat(),
        "au": published.isoformat(),
        "contenu": "articles",
    }
    assert _search(outsider, q="médecins", **filters)[0] == [content["article"]], "the filters isolate it"
    assert _search(outsider, q=BODY_WORD, **filters)[0] == []
    assert _answer(outsider, BODY_WORD, **filters) == _answer(outsider, NONSENSE, **filters)


def test_a_word_of_a_decrees_text_finds_nothing(outsider, content):
    assert _search(outsider, q=DECREE_TEXT_WORD)[0] == []
    assert _search(outsider, q=DECREE_TEXT_WORD, contenu="decrets")[0] == []
    assert _answer(outsider, DECREE_TEXT_WORD) == _answer(outsider, NONSENSE)


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("médecins", "article"),  # title
        ("attendu", "article"),  # lead
        ("publique", "article"),  # category
        ("Derrière", "article"),  # rubrique
        ("ponts routiers", "decree"),  # decree title
        ("1402-2026", "decree"),  # decree number
        ("Mobilité", "decree"),  # ministry
    ],
)
def test_what_teasers_show_is_searchable_by_everyone(outsider, content, query, kind):
    assert content[kind] in _search(outsider, q=query)[0]


def test_entitled_readers_search_bodies_and_decree_texts(entitled, content):
    assert _search(entitled, q=BODY_WORD)[0] == [content["article"]]
    found = _search(entitled, q=DECREE_TEXT_WORD)[0]
    assert [item.pk for item in found if isinstance(item, Decree)] == [content["decree"].pk]


def test_a_reading_link_searches_what_teasers_show(client, content):
    token = make_reading_token(ReaderFactory(organization=_subscriber()), "edition:1")
    assert _search(client, q=BODY_WORD, lien=token)[0] == []
    assert _search(client, q="médecins", lien=token)[0] == [content["article"]]


def test_the_order_of_results_does_not_depend_on_hidden_text(client, section, category):
    """Two teasers alike but for their titles' last word: their order must not tell which body holds the word."""
    lead = "Un texte public identique."
    in_body = ArticlePageFactory(
        parent=section, category=category, title="Budget alpha", lead=lead, body=_body("budget " * 30)
    )
    not_in_body = ArticlePageFactory(
        parent=section, category=category, title="Budget gamma", lead=lead, body=_body("rien")
    )
    # A tie on what teasers show: the later entry first, whatever the bodies hold.
    assert _search(client, q="budget")[0] == [not_in_body, in_body]
    client.force_login(UserFactory(staff=True))
    assert _search(client, q="budget")[0] == [in_body, not_in_body], "full text ranks the body's matches first"


# No rate-free oracle ----------------------------------------------------------------------------


@pytest.fixture
def three_a_minute(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "search": "3/m/key"}


def test_searches_are_rate_limited_per_address_with_a_french_page(client, content, three_a_minute):
    for word in ("un", "deux", "trois"):
        assert client.get("/recherche/", {"q": word}).status_code == 200
    refused = client.get("/recherche/", {"q": "quatre"})
    assert refused.status_code == 429
    assert "Trop de demandes" in refused.content.decode()
    assert "no-store" in refused["Cache-Control"]
    elsewhere = client.get("/recherche/", {"q": "quatre"}, REMOTE_ADDR="203.0.113.9")
    assert elsewhere.status_code == 200


def test_addresses_of_one_ipv6_network_share_a_limit(client, content, three_a_minute):
    for host, word in (("1", "un"), ("2", "deux"), ("3", "trois")):
        assert client.get("/recherche/", {"q": word}, REMOTE_ADDR=f"2001:db8:1:2::{host}").status_code == 200
    assert client.get("/recherche/", {"q": "quatre"}, REMOTE_ADDR="2001:db8:1:2::4").status_code == 429
    assert client.get("/recherche/", {"q": "quatre"}, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


def test_a_logged_in_reader_has_a_limit_of_their_own(client, content, three_a_minute):
    for word in ("un", "deux", "trois"):
        client.get("/recherche/", {"q": word})
    client.force_login(ReaderFactory(organization=_subscriber()))
    assert client.get("/recherche/", {"q": "quatre"}).status_code == 200


def test_the_search_form_alone_is_not_counted(client, content, three_a_minute):
    for _ in range(5):
        assert client.get("/recherche/").status_code == 200
