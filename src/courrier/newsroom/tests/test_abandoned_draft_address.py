"""A draft left behind (Wagtail's autosave creates it) never blocks the next article with the same title."""

from __future__ import annotations

from courrier.newsroom.factories import ArticlePageFactory
from courrier.newsroom.models import ArticlePage
from courrier.newsroom.tests.article_form import article_form


def test_a_new_article_takes_the_next_free_address(client, staff, section, category):
    abandoned = ArticlePageFactory(parent=section, category=category, slug="conseil-decret", live=False)
    client.force_login(staff)

    response = client.post(
        f"/admin/pages/add/newsroom/articlepage/{section.pk}/", article_form(category, action="publish")
    )

    assert response.status_code == 302
    article = ArticlePage.objects.get(title="Le Conseil des ministres adopte un décret", live=True)
    assert article.slug == "conseil-decret-2"
    assert ArticlePage.objects.filter(pk=abandoned.pk, slug="conseil-decret").exists()  # left as it was


def test_an_existing_article_is_told_its_new_address_is_taken(client, staff, section, category):
    ArticlePageFactory(parent=section, category=category, slug="conseil-decret")
    other = ArticlePageFactory(parent=section, category=category, slug="autre-sujet")
    client.force_login(staff)

    response = client.post(f"/admin/pages/{other.pk}/edit/", article_form(category, action="publish"))

    assert response.status_code == 200
    assert "conseil-decret" in response.context["form"].errors["slug"][0]
    other.refresh_from_db()
    assert other.slug == "autre-sujet"
