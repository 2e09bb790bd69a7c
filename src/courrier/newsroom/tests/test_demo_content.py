"""`courrier load_demo` builds the demo site: tree, rubriques, categories, the seed article and a realistic archive."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.html import escape
from wagtail.models import Page, Site

from courrier.newsroom.models import ArticleDecree, ArticlePage, Category, HomePage, MemberQuote, SectionPage
from courrier.parliament.models import GazetteIssue

SEED_PATH = "/message-du-gouvernement/gouvernement-ouvert-lancement-du-plan-daction-2021-2023/"
SECTIONS = {
    "Actualités",
    "Derrière les décrets",
    "Ce qu'ils ont dit",
    "Message DU gouvernement",
    "Message AU gouvernement",
    "Le Monde du lobbying",
    "Regard législatif",
}
CATEGORIES = {
    "Cybersécurité-Numérique",
    "Santé",
    "Éducation",
    "Économie",
    "Environnement",
    "Justice",
    "Affaires municipales",
    "Travail",
    "Transports",
    "Culture",
    "Finances publiques",
    "Députés et ministres",
}


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setenv("COURRIER_DEMO_PASSWORD", "mot-de-passe-de-demo")
    call_command("load_demo", stdout=StringIO())


def assert_site_tree() -> None:
    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert home.title == "Courrier parlementaire"
    assert site.root_page_id == home.pk
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert list(Page.objects.filter(depth=2)) == [home.page_ptr]
    sections = SectionPage.objects.live().child_of(home)
    assert {section.title for section in sections} == SECTIONS
    assert all(section.intro and section.show_in_menus for section in sections)
    assert set(Category.objects.values_list("name", flat=True)) >= CATEGORIES
    assert Page.find_problems() == ([], [], [], [], [])


def assert_seed_article() -> None:
    article = ArticlePage.objects.live().get(url_path__endswith=SEED_PATH)
    assert article.title == "Gouvernement ouvert : lancement du plan d'action 2021-2023"
    assert article.get_parent().title == "Message DU gouvernement"
    assert article.category.name == "Cybersécurité-Numérique"
    assert article.lead.startswith("(R.I.) Afin d'accélérer la transformation numérique gouvernementale")
    assert article.source == "Cabinet du ministre délégué à la Transformation numérique gouvernementale"
    assert article.live_revision is not None
    blocks = {block.block_type: block.value for block in article.body}
    assert blocks["quote"]["speaker"] == "Éric Caire"
    assert blocks["quote"]["role"] == "ministre de la Cybersécurité et du Numérique"
    assert blocks["quote"]["quote"].startswith("Notre gouvernement est plus déterminé que jamais")
    assert "«" not in blocks["quote"]["quote"]
    assert len(blocks["highlights"]["items"]) == 4
    assert blocks["link"]["url"].endswith("/plan-action-favorisant-gouvernement-ouvert-2021-2023")
    assert article.url == SEED_PATH


def assert_generated_articles() -> None:
    articles = ArticlePage.objects.live().exclude(url_path__endswith=SEED_PATH)
    assert articles.count() >= 90
    assert {article.get_parent().title for article in articles.only("path", "depth")} == SECTIONS
    assert set(articles.values_list("category__name", flat=True)) == set(
        Category.objects.values_list("name", flat=True)
    )
    assert all(len(list(article.body)) >= 3 for article in articles)
    assert articles.filter(body__icontains='"quote"').exists()
    assert not articles.filter(live_revision__isnull=True).exists()
    assert ArticlePage.objects.live().search("décret").count() > 0


def assert_register_articles(client) -> None:
    """Derrière les décrets articles explain demo decrees; Ce qu'ils ont dit articles quote demo Members."""
    explained = ArticleDecree.objects.filter(article__live=True)
    assert {link.decree.formatted_number for link in explained} >= {"52-2026", "136-2026", "58-2026", "127-2026"}
    assert {link.article.get_parent().title for link in explained} == {"Derrière les décrets"}
    decree_page = client.get("/decrets/2026/52/").content.decode()
    assert "Derrière ce décret" in decree_page
    assert "Investissement Québec prêtera jusqu" in decree_page
    quoted = MemberQuote.objects.filter(article__live=True)
    assert quoted.values("member").distinct().count() >= 5
    assert quoted.filter(article__url_path__contains="/ce-quils-ont-dit/").count() >= 5
    member_page = client.get("/deputes/stephanie-caron/").content.decode()
    assert "Logement abordable : échanges vifs au Salon bleu" in member_page


def assert_every_cited_decree_is_in_the_register(client) -> None:
    """A generated article names a decree of the register, published in the issue before it, and links to it."""
    articles = ArticlePage.objects.live().filter(url_path__contains="/derriere-les-decrets/")
    assert articles.count() >= 15
    for article in articles:
        text = " ".join([article.title, article.lead, str(article.body)])
        numbers = set(re.findall(r"décret (\d+-\d{4})", text))
        linked = {link.decree for link in article.decree_links.all()}
        assert numbers <= {decree.formatted_number for decree in linked}, article.title
        for decree in linked:
            assert decree.is_published
            assert decree.gazette_issue.published_on <= article.published_at.date()
            assert decree.summary and "IL EST ORDONNÉ" in decree.full_text
    # The register covers the weeks of the articles: an issue every Wednesday of the window, each with decrees.
    newest = ArticlePage.objects.live().order_by("-published_at").first().published_at.date()
    issues = GazetteIssue.objects.filter(published_on__gt=newest - datetime.timedelta(days=150))
    assert issues.count() >= 20
    assert all(issue.decrees.count() >= 6 for issue in issues)


def test_demo_builds_the_site_the_seed_article_and_articles_in_every_rubrique_and_category(demo, client):
    assert_site_tree()
    assert_seed_article()
    assert_generated_articles()
    assert_register_articles(client)
    assert_every_cited_decree_is_in_the_register(client)
    assert escape("Gouvernement ouvert : lancement du plan d'action 2021-2023") in client.get("/").content.decode()
    assert client.get(SEED_PATH).status_code == 200


def test_articles_option_adds_live_searchable_articles_that_render(demo, client, staff):
    before = set(ArticlePage.objects.values_list("pk", flat=True))
    call_command("load_demo", "--articles", "30", stdout=StringIO())
    call_command("load_demo", "--articles", "20", stdout=StringIO())
    added = list(ArticlePage.objects.live().exclude(pk__in=before))
    assert len(added) == 50
    assert Page.find_problems() == ([], [], [], [], [])
    for article in added:
        word = max(re.findall(r"\w{5,}", article.title), key=len)
        assert article.pk in {found.pk for found in ArticlePage.objects.live().search(word)}, word
    client.force_login(staff)
    for article in added[:5]:
        response = client.get(article.url)
        assert response.status_code == 200
        assert escape(article.lead) in response.content.decode()
