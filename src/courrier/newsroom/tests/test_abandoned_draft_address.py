"""A draft left behind (Wagtail's autosave creates it) never blocks the next article with the same title."""

from __future__ import annotations

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from courrier.newsroom.factories import ArticlePageFactory
from courrier.newsroom.models import ArticlePage


def form(category, slug: str, action: str = "publish") -> dict:
    return nested_form_data(
        {
            "title": "Le Conseil des ministres adopte un décret",
            "slug": slug,
            "published_at": "",
            "category": category.pk,
            "edition_tag": "",
            "lead": "Un chapeau.",
            "source": "",
            "body": streamfield([("paragraph", rich_text("<p>Le texte.</p>"))]),
            "decree_links": inline_formset([]),
            f"action-{action}": action,
        }
    )


def test_a_new_article_takes_the_next_free_address(client, staff, section, category):
    abandoned = ArticlePageFactory(parent=section, category=category, slug="conseil-decret", live=False)
    client.force_login(staff)

    response = client.post(f"/admin/pages/add/newsroom/articlepage/{section.pk}/", form(category, "conseil-decret"))

    assert response.status_code == 302
    article = ArticlePage.objects.get(title="Le Conseil des ministres adopte un décret", live=True)
    assert article.slug == "conseil-decret-2"
    assert ArticlePage.objects.filter(pk=abandoned.pk, slug="conseil-decret").exists()  # left as it was


def test_an_existing_article_is_told_its_new_address_is_taken(client, staff, section, category):
    ArticlePageFactory(parent=section, category=category, slug="conseil-decret")
    other = ArticlePageFactory(parent=section, category=category, slug="autre-sujet")
    client.force_login(staff)

    response = client.post(f"/admin/pages/{other.pk}/edit/", form(category, "conseil-decret"))

    assert response.status_code == 200
    assert "conseil-decret" in response.context["form"].errors["slug"][0]
    other.refresh_from_db()
    assert other.slug == "autre-sujet"
