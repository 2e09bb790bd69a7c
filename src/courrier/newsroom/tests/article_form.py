"""The article editor's form as Wagtail's admin posts it, for tests that write articles through the admin."""

from __future__ import annotations

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def article_form(
    category,
    *,
    action: str,
    title: str = "Le Conseil des ministres adopte un décret",
    slug: str = "conseil-decret",
    published_at: str = "",
) -> dict:
    """`action` is the button pressed: « save » (a draft) or « publish »."""
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "published_at": published_at,
            "category": category.pk,
            "edition_tag": "",
            "lead": "Un chapeau.",
            "source": "",
            "body": streamfield([("paragraph", rich_text("<p>Le texte.</p>"))]),
            "decree_links": inline_formset([]),
            f"action-{action}": action,
        }
    )
