"""Every way a decree's full text or a Member's quote could leave the site, tried one by one.

A marker found only in a decree's text, and one found only in a quote, must never
reach a requester who may not read them: on the decree's page, the list, search,
the Member's page, or the admin's choosers.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from courrier.accounts.factories import UserFactory
from courrier.editions.actions import open_edition
from courrier.editions.models import Publication
from courrier.licensing.entitlements import make_reading_token
from courrier.licensing.factories import IpRangeFactory, ReaderFactory, make_subscriber
from courrier.licensing.models import MembershipStatus
from courrier.newsroom.factories import ArticlePageFactory
from courrier.parliament.factories import DecreeFactory, MemberFactory

DECREE_SECRET = "IL EST ORDONNÉ QUE le pangolin budgétaire soit nommé"
DECREE_ONLY_WORD = "pangolin"
SUMMARY_SECRET = "En bref, le tamanoir comptable reçoit le mandat"
SUMMARY_ONLY_WORD = "tamanoir"
QUOTE_SECRET = "Nous protégerons le narval municipal"
QUOTE_ONLY_WORD = "narval"


def _subscriber(**licence: object):
    return make_subscriber(name="Ministère de la Cybersécurité et du Numérique", domain="mcn.gouv.qc.ca", **licence)


NOT_ENTITLED = {
    "anonymous": lambda: None,
    "no-licence": lambda: UserFactory(),
    "licence-ended": lambda: ReaderFactory(organization=_subscriber(expired=True)),
    "pending": lambda: ReaderFactory(organization=_subscriber(), status=MembershipStatus.PENDING),
    "unverified": lambda: ReaderFactory(organization=_subscriber(), verified=False),
}


@pytest.fixture(params=NOT_ENTITLED)
def outsider(request, client, db):
    user = NOT_ENTITLED[request.param]()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(params=["licensed", "ip-range"])
def subscriber(request, client, db):
    if request.param == "licensed":
        client.force_login(ReaderFactory(organization=_subscriber()))
    else:
        IpRangeFactory(organization=_subscriber(), cidr="198.51.100.0/24")
        client.defaults["REMOTE_ADDR"] = "198.51.100.7"
    return client


@pytest.fixture
def decree(db):
    return DecreeFactory(
        number=812,
        year=2026,
        title="Concernant la nomination d'un membre du conseil",
        summary=f"{SUMMARY_SECRET}.",
        full_text=f"ATTENDU QUE le poste est vacant; {DECREE_SECRET}.",
        published=True,
    )


@pytest.fixture
def member(db):
    return MemberFactory(first_name="Josée", last_name="Pelletier", slug="josee-pelletier")


@pytest.fixture
def quoted(section, category, member, django_capture_on_commit_callbacks):
    article = ArticlePageFactory(
        parent=section,
        category=category,
        title="La présidente du Conseil du trésor s'explique",
        body=[("quote", {"quote": QUOTE_SECRET, "member": member, "speaker": "", "role": "présidente"})],
    )
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    return article


def text(response) -> str:
    return response.content.decode(errors="replace")


def assert_no_secret(response) -> None:
    html = text(response)
    assert DECREE_SECRET not in html
    assert SUMMARY_SECRET not in html
    assert QUOTE_SECRET not in html


SURFACES = {
    "decree-page": "/decrets/2026/812/",
    "decree-list": "/decrets/",
    "decree-list-filtered": "/decrets/?categorie=appointment",
    "search-title": "/recherche/?q=nomination+conseil",
    "search-number": "/recherche/?q=812-2026",
    "search-text-word": f"/recherche/?q={DECREE_ONLY_WORD}",
    "search-summary-word": f"/recherche/?q={SUMMARY_ONLY_WORD}",
    "search-quote-word": f"/recherche/?q={QUOTE_ONLY_WORD}",
    "search-decrees-only": "/recherche/?contenu=decrets",
    "member-page": "/deputes/josee-pelletier/",
    "member-list": "/deputes/",
}


@pytest.mark.parametrize("surface", SURFACES)
def test_outsiders_never_get_a_decree_text_or_a_quote(outsider, decree, quoted, surface):
    response = outsider.get(SURFACES[surface])
    assert response.status_code == 200
    assert_no_secret(response)


@pytest.mark.parametrize("surface", [name for name in SURFACES if name not in ("decree-page", "member-page")])
def test_listings_show_subscribers_teasers_only_too(subscriber, decree, quoted, surface):
    assert_no_secret(subscriber.get(SURFACES[surface]))


def test_subscribers_read_them_where_they_belong(subscriber, decree, quoted):
    assert DECREE_SECRET in text(subscriber.get("/decrets/2026/812/"))
    assert SUMMARY_SECRET in text(subscriber.get("/decrets/2026/812/"))
    assert QUOTE_SECRET in text(subscriber.get("/deputes/josee-pelletier/"))


def test_search_finds_through_the_text_for_subscribers_and_shows_only_the_teaser(subscriber, decree, quoted):
    response = subscriber.get("/recherche/", {"q": DECREE_ONLY_WORD})
    assert [item.pk for item in response.context["results"]] == [decree.pk]
    assert decree.title.replace("'", "&#x27;") in text(response)
    assert DECREE_SECRET not in text(response)


@pytest.mark.parametrize("word", [DECREE_ONLY_WORD, SUMMARY_ONLY_WORD])
def test_search_never_matches_the_text_for_outsiders(outsider, decree, quoted, word):
    # Finding the decree would tell the word is in its text or summary (test_search_visibility.py).
    response = outsider.get("/recherche/", {"q": word})
    assert list(response.context["results"]) == []


def test_search_finds_through_the_summary_for_subscribers(subscriber, decree, quoted):
    response = subscriber.get("/recherche/", {"q": SUMMARY_ONLY_WORD})
    assert [item.pk for item in response.context["results"]] == [decree.pk]
    assert SUMMARY_SECRET not in text(response)


def test_an_unpublished_decree_is_nowhere(client, db):
    DecreeFactory(number=813, year=2026, title="Brouillon de décret sur le tatou", full_text=DECREE_SECRET)
    client.force_login(UserFactory(staff=True))
    for url in ("/decrets/2026/813/", "/decrets/", "/recherche/?q=tatou", f"/recherche/?q={DECREE_ONLY_WORD}"):
        response = client.get(url)
        assert "Brouillon de décret sur le tatou" not in text(response)
        assert DECREE_SECRET not in text(response)


def test_a_reading_link_shows_the_quotes_of_the_articles_it_opens_only(
    client, member, quoted, section, category, django_capture_on_commit_callbacks
):
    other = ArticlePageFactory(
        parent=section,
        category=category,
        body=[("quote", {"quote": "Une autre déclaration sur le béluga.", "member": member, "speaker": ""})],
    )
    with django_capture_on_commit_callbacks(execute=True):
        other.save_revision().publish()
    edition = open_edition(
        publication=Publication.objects.get(key="lcp-lag"), date=datetime.date(2026, 12, 1), articles=[quoted]
    )
    token = make_reading_token(ReaderFactory(organization=_subscriber()), f"edition:{edition.pk}")
    response = client.get("/deputes/josee-pelletier/", {"lien": token})
    html = text(response)
    assert QUOTE_SECRET in html
    assert "béluga" not in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "url", ["/admin/choisir-decret/", "/admin/choisir-decret/results/?q=812-2026", "/admin/choisir-depute/"]
)
def test_the_choosers_are_for_staff_only(url, decree, member):
    for who in ("anonymous", "licensed"):
        client = Client()
        if who == "licensed":
            client.force_login(ReaderFactory(organization=_subscriber()))
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert_no_secret(response)


def test_staff_choose_a_decree_by_its_number(client, staff, decree):
    client.force_login(staff)
    response = client.get("/admin/choisir-decret/results/", {"q": "no 812-26"})
    assert response.status_code == 200
    assert "décret 812-2026 du 21 janvier 2026" in text(response)
    assert DECREE_SECRET not in text(response)


def test_staff_choose_a_member_by_name(client, staff, member):
    client.force_login(staff)
    response = client.get("/admin/choisir-depute/results/", {"q": "pelletier"})
    assert response.status_code == 200
    assert "Josée Pelletier" in text(response)
