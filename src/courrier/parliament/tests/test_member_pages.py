"""A Member's page: party, riding, roles over time, and where our live articles quoted them (the quote paywalled)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.blocks.struct_block import StructBlockValidationError

from courrier.accounts.factories import UserFactory
from courrier.licensing.factories import IpRangeFactory, ReaderFactory, make_subscriber
from courrier.newsroom.blocks import QuoteBlock
from courrier.newsroom.factories import ArticlePageFactory, SectionPageFactory
from courrier.newsroom.models import MemberQuote
from courrier.parliament.factories import MemberFactory, MemberRoleFactory, MinistryFactory, PartyFactory
from courrier.parliament.models import MemberRoleKind

QUOTE = "Nous déposerons le projet de loi sur les hippocampes avant l'été."
QUOTE_ONLY_WORD = "hippocampes"
LICENCE_MESSAGE = "Désolé, pour naviguer dans notre site, il faut détenir une licence/abonnement."


def as_requester(client: Client, who: str) -> Client:
    if who == "staff":
        client.force_login(UserFactory(staff=True))
    elif who == "licensed":
        client.force_login(ReaderFactory())
    elif who == "ip-range":
        IpRangeFactory(organization=make_subscriber(name="Ville de Lévis", domain="ville.levis.qc.ca"))
        client.defaults["REMOTE_ADDR"] = "198.51.100.7"
    elif who == "licence-ended":
        organization = make_subscriber(name="Ville de Lévis", domain="ville.levis.qc.ca", expired=True)
        client.force_login(ReaderFactory(organization=organization))
    elif who == "no-licence":
        client.force_login(UserFactory())
    return client


@pytest.fixture
def member(db):
    member = MemberFactory(
        first_name="Nathalie",
        last_name="Bérubé",
        slug="nathalie-berube",
        party=PartyFactory(name="Coalition avenir Québec", short_name="CAQ"),
        riding="Lévis",
    )
    finances = MinistryFactory(name="Ministère des Finances", acronym="FIN")
    MemberRoleFactory(
        member=member, ministry=finances, title="ministre des Finances", started_on=datetime.date(2025, 9, 10)
    )
    MemberRoleFactory(
        member=member,
        kind=MemberRoleKind.PARLIAMENTARY_ASSISTANT,
        ministry=finances,
        title="adjointe parlementaire du ministre des Finances",
        started_on=datetime.date(2022, 10, 20),
        ended_on=datetime.date(2025, 9, 9),
    )
    return member


@pytest.fixture
def quotes_section(home):
    return SectionPageFactory(parent=home, title="Ce qu'ils ont dit", slug="ce-quils-ont-dit")


def quote_block(member, text: str = QUOTE, **extra) -> tuple[str, dict]:
    return ("quote", {"quote": text, "member": member, "speaker": "", "role": "ministre des Finances", **extra})


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publishes a page through Wagtail, as the editor's button does, and runs what is enqueued on commit."""

    def publish(page) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()

    return publish


@pytest.fixture
def quoted(quotes_section, category, member, publish):
    article = ArticlePageFactory(
        parent=quotes_section,
        category=category,
        title="Période des questions : la ministre sur la défensive",
        published_at=datetime.datetime(2026, 2, 12, 11, 30, tzinfo=datetime.UTC),
        body=[("paragraph", "<p>Le débat a duré une heure.</p>"), quote_block(member)],
    )
    publish(article)
    return article


def html(response) -> str:
    return response.content.decode()


# The Member


def test_the_page_shows_the_member_their_party_riding_and_roles_over_time(client, member):
    response = client.get("/deputes/nathalie-berube/")
    page = html(response)
    assert response.status_code == 200
    assert "Nathalie Bérubé" in page
    assert "Coalition avenir Québec (CAQ)" in page
    assert "Lévis" in page
    assert "En fonction depuis le 3 octobre 2022" in page
    assert "Ministre des Finances</strong> — depuis le 10 septembre 2025" in page
    assert "Adjointe parlementaire du ministre des Finances — du 20 octobre 2022 au 9 septembre 2025" in page
    assert "Aucun de nos articles ne l'a encore cité." in page


def test_an_unknown_member_is_not_found(client, db):
    assert client.get("/deputes/personne/").status_code == 404


def test_the_list_links_every_member_to_their_page(client, member):
    MemberFactory(first_name="Jean", last_name="Ancien", slug="jean-ancien", left_office_on=datetime.date(2024, 1, 1))
    page = html(client.get("/deputes/"))
    assert 'href="/deputes/nathalie-berube/"' in page
    assert "Bérubé, Nathalie" in page
    assert "Anciens députés" in page
    assert 'href="/deputes/jean-ancien/"' in page


# What they said


@pytest.mark.parametrize("who", ["licensed", "ip-range", "staff"])
def test_entitled_readers_see_the_quotes_with_their_dates_and_sources(client, member, quoted, who):
    response = as_requester(client, who).get("/deputes/nathalie-berube/")
    page = html(response)
    assert QUOTE.replace("'", "&#x27;") in page
    assert "Période des questions : la ministre sur la défensive" in page
    assert f'href="{quoted.url}"' in page
    assert "12 février 2026" in page
    assert "Ce qu&#x27;ils ont dit" in page, "the rubrique"
    assert LICENCE_MESSAGE not in page
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["anonymous", "licence-ended", "no-licence"])
def test_others_see_where_and_when_the_member_was_quoted_never_the_quote(client, member, quoted, who):
    response = as_requester(client, who).get("/deputes/nathalie-berube/")
    page = html(response)
    assert response.status_code == 200
    assert QUOTE_ONLY_WORD not in page
    assert "Période des questions : la ministre sur la défensive" in page
    assert f'href="{quoted.url}"' in page
    assert "12 février 2026" in page
    assert "Les citations sont réservées à nos abonnés" in page
    assert 'class="licence-wall"' in page
    assert "Cookie" in response["Vary"]
    if who != "anonymous":
        assert "no-store" in response["Cache-Control"]


def test_quotes_are_listed_newest_article_first(client, member, quoted, quotes_section, category, publish):
    later = ArticlePageFactory(
        parent=quotes_section,
        category=category,
        title="Mise à jour économique : la ministre défend sa prudence",
        published_at=datetime.datetime(2026, 3, 2, 11, 0, tzinfo=datetime.UTC),
        body=[quote_block(member, "Première phrase."), quote_block(member, "Seconde phrase.")],
    )
    publish(later)
    page = html(as_requester(client, "licensed").get("/deputes/nathalie-berube/"))
    assert page.index("Première phrase.") < page.index("Seconde phrase.") < page.index(QUOTE_ONLY_WORD)


def test_an_outside_speaker_keeps_a_free_text_name_and_is_on_no_members_page(
    client, member, quotes_section, category, publish
):
    article = ArticlePageFactory(
        parent=quotes_section,
        category=category,
        body=[("quote", {"quote": "Les municipalités attendent.", "speaker": "Julie Roy", "role": "mairesse"})],
    )
    publish(article)
    assert not MemberQuote.objects.exists()
    client.force_login(UserFactory(staff=True))
    assert "Julie Roy, mairesse" in html(client.get(article.url))


def test_the_article_links_the_quoted_member_to_their_page(client, member, quoted):
    client.force_login(UserFactory(staff=True))
    page = html(client.get(quoted.url))
    assert '<a href="/deputes/nathalie-berube/">Nathalie Bérubé</a>, ministre des Finances' in page


def test_a_quote_needs_a_member_or_a_speaker():
    block = QuoteBlock()
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(block.to_python({"quote": "Sans auteur.", "member": None, "speaker": "", "role": ""}))
    assert refused.value.block_errors["speaker"].messages == ["Choisissez un député ou indiquez le nom de l'auteur."]
    assert block.clean(block.to_python({"quote": "Avec un nom.", "speaker": "Julie Roy"}))["speaker"] == "Julie Roy"


# The index follows publishing


def test_an_unpublished_article_no_longer_lists_its_quotes(client, member, quoted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        quoted.unpublish()
    page = html(as_requester(client, "licensed").get("/deputes/nathalie-berube/"))
    assert "Période des questions" not in page
    assert not MemberQuote.objects.exists()


def test_a_draft_quote_shows_only_once_published(client, member, quoted, publish):
    quoted.body = [quote_block(member, "Une version encore en brouillon.")]
    quoted.save_revision()
    page = html(as_requester(client, "licensed").get("/deputes/nathalie-berube/"))
    assert QUOTE_ONLY_WORD in page
    assert "encore en brouillon" not in page
    publish(quoted)
    page = html(as_requester(Client(), "licensed").get("/deputes/nathalie-berube/"))
    assert "encore en brouillon" in page
    assert QUOTE_ONLY_WORD not in page


def test_a_draft_article_quoting_a_member_is_not_listed(client, member, quotes_section, category):
    ArticlePageFactory(parent=quotes_section, category=category, live=False, body=[quote_block(member)])
    page = html(as_requester(client, "staff").get("/deputes/nathalie-berube/"))
    assert QUOTE_ONLY_WORD not in page


# Cost


def queries_for(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_quoting_articles(count: int, section, category, member, publish) -> None:
    for _ in range(count):
        publish(ArticlePageFactory(parent=section, category=category, body=[quote_block(member)]))


@pytest.mark.parametrize("url", ["/deputes/nathalie-berube/", "/deputes/"])
@pytest.mark.parametrize("who", ["anonymous", "licensed"])
def test_query_count_does_not_grow_with_the_quotes(
    client, settings, member, quotes_section, category, publish, url, who
):
    settings.PAGE_CACHE_SECONDS = 0  # measure the rendering, not the shared copy
    as_requester(client, who)
    add_quoting_articles(2, quotes_section, category, member, publish)
    small = queries_for(client, url)
    add_quoting_articles(12, quotes_section, category, member, publish)
    MemberFactory.create_batch(10)
    large = queries_for(client, url)
    assert large == small, f"{url}: {small} queries with few quotes, {large} with more"
    assert small <= 15, f"{url} runs {small} queries"
