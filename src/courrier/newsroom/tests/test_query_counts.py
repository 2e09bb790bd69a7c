"""Hot pages run a fixed number of queries, however large the archive grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courrier.core.page_cache import forget_shared_copies
from courrier.licensing.factories import ReaderFactory
from courrier.newsroom.factories import ArticlePageFactory, CategoryFactory


@pytest.fixture(autouse=True)
def generation_read_once_per_test(monkeypatch):
    """The content generation is read from the shared cache again after a second; on a busy machine a second
    may pass between the warm-up and the counted request, adding a query that says nothing about the page.
    A publication in this process still starts a new generation at once (`forget_shared_copies`)."""
    monkeypatch.setattr("courrier.core.page_cache.GENERATION_MEMO_SECONDS", 3600.0)


def queries_for(client, url: str, *, parts_remembered: bool = False) -> int:
    """Queries of a request for `url` after a first one; with `parts_remembered`, the parts of the page
    remembered per content generation stay remembered, else a new generation makes it render them again."""
    client.get(url)  # warm the per-process caches (sections, site root paths)
    if not parts_remembered:
        forget_shared_copies()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_articles(section, count: int) -> None:
    categories = [CategoryFactory(name=f"Sujet {n}", slug=f"sujet-{n}") for n in range(3)]
    for number in range(count):
        ArticlePageFactory(parent=section, category=categories[number % 3], title=f"Décret numéro {number}")


@pytest.fixture
def article(section, category):
    return ArticlePageFactory(parent=section, category=category, title="Décret sur les données ouvertes")


HOT_PAGES = {
    "home": lambda article, section: "/",
    "rubrique": lambda article, section: section.url,
    "article": lambda article, section: article.url,
    "search": lambda article, section: "/recherche/?q=d%C3%A9cret",
    "category": lambda article, section: f"/categories/{article.category.slug}/",
    "archive": lambda article, section: "/archives/",
    "month": lambda article, section: "/archives/{0.year}/{0.month}/".format(timezone.localtime(article.published_at)),
    "rubrique-page-2": lambda article, section: section.url + "?page=2",
    "rubrique-bookmark": lambda article, section: section.url + "?page=2&apres=1-1",
}


@pytest.mark.parametrize("page_name", HOT_PAGES)
@pytest.mark.parametrize("visitor", ["anonymous", "staff", "licensed-reader"])
def test_query_count_does_not_grow_with_the_archive(client, settings, staff, section, article, page_name, visitor):
    settings.PAGE_CACHE_SECONDS = 0  # measure the rendering, not the shared copy
    if visitor == "staff":
        client.force_login(staff)
    elif visitor == "licensed-reader":
        client.force_login(ReaderFactory())
    url = HOT_PAGES[page_name](article, section)
    add_articles(section, 3)
    small = queries_for(client, url)
    add_articles(section, 25)
    large = queries_for(client, url)
    assert large == small, f"{page_name}: {small} queries with a small archive, {large} with a larger one"
    assert small <= 15, f"{page_name} runs {small} queries"


# A full render of the pages a reader opens most, once the page and its parts are remembered for the content
# generation: the session, the user and the membership of a licensed reader, and for a rubrique the keys
# and dates of its page off the listing index (its bookmarks and the name of its remembered teasers).
RENDER_QUERIES = {
    ("article", "anonymous"): 0,
    ("article", "licensed-reader"): 3,
    ("home", "anonymous"): 0,
    ("home", "licensed-reader"): 3,
    ("rubrique", "anonymous"): 1,
    ("rubrique", "licensed-reader"): 4,
}


@pytest.mark.parametrize(("page_name", "visitor"), RENDER_QUERIES)
def test_a_full_render_with_its_parts_remembered(client, settings, section, article, page_name, visitor):
    settings.PAGE_CACHE_SECONDS = 0  # no copy of the whole page: every request renders it
    if visitor == "licensed-reader":
        client.force_login(ReaderFactory())
    else:
        client.cookies["autre"] = "1"  # a cookie the site does not know: no shared copy either
    add_articles(section, 3)
    url = HOT_PAGES[page_name](article, section)
    expected = RENDER_QUERIES[page_name, visitor]
    assert queries_for(client, url, parts_remembered=True) == expected
