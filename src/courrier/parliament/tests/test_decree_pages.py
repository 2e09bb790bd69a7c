"""Decree pages for readers: the public facts for all, the full text as entitlements decide, a filterable list."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from courrier.accounts.factories import UserFactory
from courrier.licensing.factories import IpRangeFactory, ReaderFactory, make_subscriber
from courrier.newsroom.factories import ArticlePageFactory, SectionPageFactory
from courrier.newsroom.models import ArticleDecree
from courrier.parliament.factories import DecreeFactory, GazetteIssueFactory, MinistryFactory
from courrier.parliament.models import DecreeCategory

FULL_TEXT = "ATTENDU QUE le poste de sous-ministre est vacant; IL EST ORDONNÉ QUE madame Zéphirine Auclair soit nommée."
TEXT_ONLY_WORD = "Zéphirine"
LICENCE_MESSAGE = "Désolé, pour naviguer dans notre site, il faut détenir une licence/abonnement."
SUBSCRIBER_ADDRESS = "198.51.100.7"


def _subscriber(**licence: object):
    return make_subscriber(name="Ministère des Finances", domain="finances.gouv.qc.ca", **licence)


def as_requester(client: Client, who: str) -> Client:
    if who == "staff":
        client.force_login(UserFactory(staff=True))
    elif who == "licensed":
        client.force_login(ReaderFactory(organization=_subscriber()))
    elif who == "ip-range":
        IpRangeFactory(organization=_subscriber(), cidr="198.51.100.0/24")
        client.defaults["REMOTE_ADDR"] = SUBSCRIBER_ADDRESS
    elif who == "licence-ended":
        client.force_login(ReaderFactory(organization=_subscriber(expired=True)))
    elif who == "no-licence":
        client.force_login(UserFactory())
    return client


@pytest.fixture
def finances(db):
    return MinistryFactory(name="Ministère des Finances", acronym="FIN", slug="fin")


@pytest.fixture
def issue(db):
    return GazetteIssueFactory(volume=158, number=5, published_on=datetime.date(2026, 2, 4))


@pytest.fixture
def decree(finances, issue):
    return DecreeFactory(
        number=1329,
        year=2026,
        made_on=datetime.date(2026, 1, 21),
        title="Concernant la nomination de madame Zéphirine Auclair comme sous-ministre",
        enabling_statute="Loi sur la fonction publique (chapitre F-3.1.1)",
        full_text=FULL_TEXT,
        gazette_issue=issue,
        page=401,
        published=True,
        ministries=[finances],
    )


@pytest.fixture
def notice(finances, issue):
    return DecreeFactory(
        number=1330,
        year=2026,
        title="Règlement modifiant le Règlement sur les impôts",
        category=DecreeCategory.REGULATION,
        page_count=14,
        gazette_issue=issue,
        page=405,
        published=True,
        ministries=[finances],
    )


def html(response) -> str:
    return response.content.decode()


def assert_public_facts(page: str) -> None:
    assert "Concernant la nomination de madame Zéphirine Auclair comme sous-ministre" in page
    assert "Décret 1329-2026 du 21 janvier 2026" in page
    assert "Ministère des Finances" in page
    assert "Gazette officielle du Québec, Partie 2, 4 février 2026, 158e année, n° 5" in page
    assert "page 401" in page
    assert "Loi sur la fonction publique (chapitre F-3.1.1)" in page


# The paywall, case by case


def test_anonymous_reader_sees_the_public_facts_and_the_licence_wall_never_the_text(client, decree):
    response = client.get("/decrets/2026/1329/")
    page = html(response)
    assert response.status_code == 200
    assert_public_facts(page)
    assert "ATTENDU QUE" not in page
    assert "IL EST ORDONNÉ" not in page
    assert LICENCE_MESSAGE in page
    assert "no-store" not in response.get("Cache-Control", "")
    assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("who", ["licensed", "ip-range", "staff"])
def test_entitled_readers_read_the_full_text_never_cached(client, decree, who):
    response = as_requester(client, who).get("/decrets/2026/1329/")
    page = html(response)
    assert response.status_code == 200
    assert_public_facts(page)
    assert FULL_TEXT.split(";")[0] in page
    assert "IL EST ORDONNÉ QUE madame Zéphirine Auclair soit nommée." in page
    assert LICENCE_MESSAGE not in page
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_ip_range_reader_is_told_who_offers_the_access(client, decree):
    page = html(as_requester(client, "ip-range").get("/decrets/2026/1329/"))
    assert "Accès offert par le Ministère des Finances" in page


@pytest.mark.parametrize("who", ["licence-ended", "no-licence"])
def test_signed_in_readers_without_a_valid_licence_get_the_facts_and_their_own_reason(client, decree, who):
    response = as_requester(client, who).get("/decrets/2026/1329/")
    page = html(response)
    assert response.status_code == 200
    assert_public_facts(page)
    assert "IL EST ORDONNÉ" not in page
    assert 'class="licence-wall"' in page
    expected = "a pris fin le" if who == "licence-ended" else "Votre compte n'est rattaché à aucune organisation"
    assert expected in page
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["anonymous", "licensed"])
def test_a_notice_says_so_with_its_page_count(client, notice, who):
    page = html(as_requester(client, who).get("/decrets/2026/1330/"))
    assert "Publié sous forme d'avis (14 pages)" in page
    assert LICENCE_MESSAGE not in page


SUMMARY = "La rédaction résume : le décret confie au tamanoir fiscal la révision du régime."
PDF_URL = "https://www.publicationsduquebec.gouv.qc.ca/fileadmin/gazette/pdf_encrypte/lois_reglements/2026F/90001.pdf"


@pytest.fixture
def summarized(decree, issue):
    decree.summary = SUMMARY
    decree.save(update_fields=["summary"])
    issue.pdf_url = PDF_URL
    issue.save(update_fields=["pdf_url"])
    return decree


@pytest.mark.parametrize("who", ["licensed", "ip-range"])
def test_subscribers_read_the_newsroom_summary_the_text_and_open_the_official_pdf(client, summarized, who):
    page = html(as_requester(client, who).get("/decrets/2026/1329/"))
    assert "En bref" in page
    assert SUMMARY.replace("'", "&#x27;") in page
    assert "Texte du décret" in page
    assert "IL EST ORDONNÉ QUE madame Zéphirine Auclair soit nommée." in page
    assert f'href="{PDF_URL}"' in page
    assert page.index(SUMMARY[:20]) < page.index("IL EST ORDONNÉ")


@pytest.mark.parametrize("who", ["anonymous", "licence-ended", "no-licence"])
def test_outsiders_get_the_reference_and_the_pdf_but_neither_summary_nor_text(client, summarized, who):
    page = html(as_requester(client, who).get("/decrets/2026/1329/"))
    assert_public_facts(page)
    assert f'href="{PDF_URL}"' in page  # the Gazette itself is public
    assert "tamanoir" not in page
    assert "IL EST ORDONNÉ" not in page
    assert 'class="licence-wall"' in page


def test_a_summarized_notice_keeps_its_summary_for_subscribers(client, notice):
    notice.summary = SUMMARY
    notice.save(update_fields=["summary"])
    anonymous = html(client.get("/decrets/2026/1330/"))
    assert "tamanoir" not in anonymous
    assert "Le sommaire de ce décret est réservé à nos abonnés." in anonymous
    assert "Publié sous forme d'avis (14 pages)" in anonymous
    reader = html(as_requester(Client(), "licensed").get("/decrets/2026/1330/"))
    assert "tamanoir" in reader
    assert "Publié sous forme d'avis (14 pages)" in reader


def test_structured_data_names_the_decree_and_marks_the_text_paywalled_without_holding_it(client, decree):
    page = html(as_requester(client, "licensed").get("/decrets/2026/1329/"))
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert found
    data = json.loads(found.group(1))
    assert data["@type"] == "Legislation"
    assert data["legislationIdentifier"] == "1329-2026"
    assert data["isAccessibleForFree"] is False
    assert TEXT_ONLY_WORD not in json.dumps(data["hasPart"])
    assert "ATTENDU" not in found.group(1)


# What is not published does not exist for readers


@pytest.mark.parametrize("who", ["anonymous", "licensed", "staff"])
def test_an_unpublished_decree_is_not_found(client, finances, who):
    DecreeFactory(number=7, year=2026, title="Décret encore en saisie", full_text=FULL_TEXT, ministries=[finances])
    response = as_requester(client, who).get("/decrets/2026/7/")
    assert response.status_code == 404
    assert "Décret encore en saisie" not in html(response)
    assert html(as_requester(Client(), who).get("/decrets/")).count("Décret encore en saisie") == 0


@pytest.mark.parametrize("url", ["/decrets/2026/9999/", "/decrets/1800/1/", "/decrets/2026/abc/"])
def test_a_decree_that_does_not_exist_is_not_found(client, db, url):
    assert client.get(url).status_code == 404


def test_decree_links_to_its_reading_url(decree):
    assert decree.get_absolute_url() == "/decrets/2026/1329/"


# The list


@pytest.fixture
def register(finances, issue):
    health = MinistryFactory(name="Ministère de la Santé et des Services sociaux", acronym="MSSS", slug="msss")
    later = GazetteIssueFactory(volume=158, number=6, published_on=datetime.date(2026, 2, 11))
    return {
        "appointment": DecreeFactory(
            number=40, year=2026, made_on=datetime.date(2026, 1, 14), title="Nomination au Trésor", gazette_issue=issue,
            published=True, ministries=[finances], full_text=FULL_TEXT,
        ),
        "regulation": DecreeFactory(
            number=43, year=2026, made_on=datetime.date(2026, 1, 21), title="Règlement sur l'assurance médicaments",
            category=DecreeCategory.REGULATION, gazette_issue=issue, published=True, ministries=[health],
        ),
        "joint": DecreeFactory(
            number=76, year=2026, made_on=datetime.date(2026, 1, 28), title="Financement conjoint des hôpitaux",
            category=DecreeCategory.FINANCIAL_AID, gazette_issue=later, published=True, ministries=[finances, health],
        ),
        "unpublished": DecreeFactory(
            number=90, year=2026, made_on=datetime.date(2026, 2, 4), title="Décret encore en saisie",
            ministries=[health],
        ),
    }  # fmt: skip


def listed(response) -> list[str]:
    assert response.status_code == 200
    return [decree.title for decree in response.context["decrees"]]


def test_the_list_shows_published_decrees_newest_first_as_teasers(client, register):
    response = client.get("/decrets/")
    assert listed(response) == ["Financement conjoint des hôpitaux", "Règlement sur l'assurance médicaments",
                                "Nomination au Trésor"]  # fmt: skip
    page = html(response)
    assert "3 décrets" in page
    assert "Décret 76-2026" in page
    assert "ATTENDU QUE" not in page
    assert "Décret encore en saisie" not in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"ministere": "fin"}, ["Financement conjoint des hôpitaux", "Nomination au Trésor"]),
        ({"ministere": "msss"}, ["Financement conjoint des hôpitaux", "Règlement sur l'assurance médicaments"]),
        ({"categorie": DecreeCategory.REGULATION}, ["Règlement sur l'assurance médicaments"]),
        ({"du": "2026-01-21"}, ["Financement conjoint des hôpitaux", "Règlement sur l'assurance médicaments"]),
        ({"au": "2026-01-21"}, ["Règlement sur l'assurance médicaments", "Nomination au Trésor"]),
        ({"du": "2026-01-15", "au": "2026-01-27"}, ["Règlement sur l'assurance médicaments"]),
        ({"ministere": "fin", "categorie": DecreeCategory.APPOINTMENT}, ["Nomination au Trésor"]),
    ],
)
def test_the_list_filters(client, register, params, expected):
    assert listed(client.get("/decrets/", params)) == expected


def test_the_list_filters_by_gazette_issue_and_names_it(client, register, issue):
    response = client.get("/decrets/", {"gazette": issue.pk})
    assert listed(response) == ["Règlement sur l'assurance médicaments", "Nomination au Trésor"]
    assert "Décrets de la Gazette officielle du 4 février 2026" in html(response)


def test_an_older_issue_is_offered_when_asked_for(client, register, finances):
    old = GazetteIssueFactory(volume=130, number=2, published_on=datetime.date(1998, 1, 14))
    DecreeFactory(number=3, year=1998, made_on=datetime.date(1998, 1, 7), title="Décret de 1998", gazette_issue=old,
                  published=True, ministries=[finances])  # fmt: skip
    for number in range(30):
        later = GazetteIssueFactory(volume=159, number=number + 1)
        DecreeFactory(year=2027, made_on=later.published_on, gazette_issue=later, published=True, ministries=[finances])
    assert listed(client.get("/decrets/", {"gazette": old.pk})) == ["Décret de 1998"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"ministere": "inconnu"}, "Sélectionnez un choix valide"),
        ({"categorie": "n'importe"}, "Sélectionnez un choix valide"),
        ({"gazette": "999999"}, "Sélectionnez un choix valide"),
        ({"du": "pas-une-date"}, "Saisissez une date valide"),
        ({"du": "2026-01-20", "au": "2026-01-01"}, "La date de fin doit suivre la date de début."),
    ],
)
def test_a_wrong_filter_is_explained_and_ignored(client, register, params, message):
    response = client.get("/decrets/", params)
    assert response.status_code == 200
    assert message in html(response)
    assert len(listed(response)) >= 1


@pytest.mark.parametrize("params", [{"page": "9999"}, {"page": "abc"}, {"ministere": "\x00"}, {"du": "9" * 40}])
def test_bad_input_gets_a_page_not_an_error(client, register, params):
    assert client.get("/decrets/", params).status_code == 200


def test_the_list_is_paginated(client, finances):
    for number in range(1, 26):
        DecreeFactory(number=number, published=True, ministries=[finances])
    first = client.get("/decrets/")
    assert len(listed(first)) == 20
    assert "Page 1 de 2" in html(first)
    assert len(listed(client.get("/decrets/", {"page": 2}))) == 5


def teaser_reads(client: Client, url: str) -> int:
    """How many times a request reads the decrees' titles, which only the teasers show."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum('"parliament_decree"."title"' in query["sql"] for query in captured)


def test_a_reader_s_listing_is_rendered_once_per_content_generation(client, register, finances, settings):
    settings.PAGE_CACHE_SECONDS = 0  # no copy of the whole page: the listing part is what is remembered
    as_requester(client, "licensed")
    assert teaser_reads(client, "/decrets/?ministere=fin") == 1
    assert teaser_reads(client, "/decrets/?ministere=fin") == 0
    assert teaser_reads(client, "/decrets/?ministere=msss") == 1  # other filters, another part

    DecreeFactory(number=99, year=2026, title="Décret tout frais", published=True, ministries=[finances])
    assert "Décret tout frais" in html(client.get("/decrets/?ministere=fin"))


def test_filters_that_do_not_validate_are_never_remembered(client, register, settings):
    settings.PAGE_CACHE_SECONDS = 0  # no copy of the whole page: the listing part is what is remembered
    as_requester(client, "licensed")
    for _ in range(2):
        response = client.get("/decrets/", {"du": "pas-une-date"})
        assert "Saisissez une date valide" in html(response)
    assert teaser_reads(client, "/decrets/?du=pas-une-date") == 1


def queries_for(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_decrees(count: int, ministries: list, issue) -> None:
    for _ in range(count):
        DecreeFactory(published=True, gazette_issue=issue, ministries=ministries)


@pytest.mark.parametrize(
    "url",
    ["/decrets/", "/decrets/?ministere=fin", "/decrets/?categorie=appointment&du=2026-01-01", "/decrets/2026/1329/"],
)
@pytest.mark.parametrize("who", ["anonymous", "licensed"])
def test_query_count_does_not_grow_with_the_register(client, settings, decree, finances, issue, home, url, who):
    settings.PAGE_CACHE_SECONDS = 0  # measure the rendering, not the shared copy
    as_requester(client, who)
    other = MinistryFactory()
    add_decrees(3, [finances, other], issue)
    small = queries_for(client, url)
    add_decrees(25, [finances, other], issue)
    large = queries_for(client, url)
    assert large == small, f"{url}: {small} queries with a small register, {large} with a larger one"
    assert small <= 15, f"{url} runs {small} queries"


# Articles and decrees, both ways


@pytest.fixture
def decrees_section(home):
    return SectionPageFactory(parent=home, title="Derrière les décrets", slug="derriere-les-decrets")


def explain(article, *decrees) -> None:
    article.decree_links = [ArticleDecree(decree=decree) for decree in decrees]
    article.save_revision().publish()


def test_an_article_lists_the_decrees_it_explains_and_the_decree_page_lists_the_article(
    client, decrees_section, category, decree, notice
):
    unpublished = DecreeFactory(number=1331, title="Décret pas encore publié")
    article = ArticlePageFactory(
        parent=decrees_section, category=category, title="Ce que change la nomination au ministère",
        body=[("paragraph", "<p>Analyse réservée aux abonnés sur le dromadaire fiscal.</p>")],
    )  # fmt: skip
    explain(article, decree, unpublished, notice)

    article_page = html(client.get(article.url))
    assert "Les décrets expliqués" in article_page
    assert 'href="/decrets/2026/1329/"' in article_page
    assert 'href="/decrets/2026/1330/"' in article_page
    assert "Décret pas encore publié" not in article_page
    assert article_page.index("/decrets/2026/1329/") < article_page.index("/decrets/2026/1330/"), "editor's order"

    decree_page = html(client.get("/decrets/2026/1329/"))
    assert "Derrière ce décret" in decree_page
    assert "Ce que change la nomination au ministère" in decree_page
    assert f'href="{article.url}"' in decree_page
    assert "dromadaire" not in decree_page


def test_a_decree_page_lists_live_articles_only(client, decrees_section, category, decree):
    draft = ArticlePageFactory(parent=decrees_section, category=category, title="Brouillon sur le décret", live=False)
    explain(ArticlePageFactory(parent=decrees_section, category=category, title="Article publié sur le décret"), decree)
    draft.decree_links = [ArticleDecree(decree=decree)]
    draft.save()
    page = html(client.get("/decrets/2026/1329/"))
    assert "Article publié sur le décret" in page
    assert "Brouillon sur le décret" not in page


def test_a_draft_link_shows_only_once_published(client, decrees_section, category, decree):
    article = ArticlePageFactory(parent=decrees_section, category=category, title="Article sur le Trésor")
    article.decree_links = [ArticleDecree(decree=decree)]
    article.save_revision()  # a draft of the live article: readers still see the live version
    assert "Article sur le Trésor" not in html(client.get("/decrets/2026/1329/"))
    article.get_latest_revision().publish()
    assert "Article sur le Trésor" in html(client.get("/decrets/2026/1329/"))


def test_a_newly_published_decree_shows_at_once(client, finances):
    client.get("/decrets/")  # a shared copy is kept
    decree = DecreeFactory(number=500, title="Décret du jour", ministries=[finances])
    decree.published_at = datetime.datetime(2026, 2, 4, 5, 1, tzinfo=datetime.UTC)
    decree.save()
    assert "Décret du jour" in html(client.get("/decrets/"))


# The editor


def test_an_editor_links_decrees_and_quotes_a_member_from_the_article_editor(
    client, staff, decrees_section, category, decree, django_capture_on_commit_callbacks
):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    from courrier.newsroom.models import ArticlePage, MemberQuote
    from courrier.parliament.factories import MemberFactory

    member = MemberFactory(first_name="Nathalie", last_name="Bérubé", slug="nathalie-berube")
    article = ArticlePageFactory(parent=decrees_section, category=category, title="Le décret 1329-2026 expliqué")
    client.force_login(staff)
    editor = client.get(f"/admin/pages/{article.pk}/edit/")
    assert editor.status_code == 200
    assert "Décrets expliqués" in html(editor)
    assert "/admin/choisir-decret/" in html(editor)

    data = nested_form_data(
        {
            "title": article.title,
            "slug": article.slug,
            "published_at": "2026-02-04 06:30",
            "category": category.pk,
            "edition_tag": "",
            "lead": article.lead,
            "source": "",
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>Analyse.</p>")),
                    ("quote", {"quote": "Nous agissons.", "member": member.pk, "speaker": "", "role": ""}),
                ]
            ),
            "decree_links": inline_formset([{"decree": decree.pk}]),
            "action-publish": "publish",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{article.pk}/edit/", data)
    assert response.status_code == 302, html(response)[:2000]
    assert [link.decree for link in ArticlePage.objects.get(pk=article.pk).decree_links.all()] == [decree]
    assert MemberQuote.objects.filter(article=article, member=member, quote="Nous agissons.").exists()
    assert "Le décret 1329-2026 expliqué" in html(Client().get("/decrets/2026/1329/"))
