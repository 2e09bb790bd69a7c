"""Changes the newsroom makes outside Wagtail's own page actions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from wagtail.models import Page

from courrier.newsroom.models import ArticlePage, MemberQuote, parent_section_id
from courrier.parliament.models import Member


@transaction.atomic
def index_member_quotes(*, article: ArticlePage) -> int:
    """Rebuilds the Member quotes of `article` from its live body (none once it is not live); returns how many.

    Read from the stored page, which Wagtail keeps equal to the live revision:
    a draft's quotes are indexed when the draft is published. Idempotent.
    """
    MemberQuote.objects.filter(article=article).delete()
    if not article.live:
        return 0
    found = list(_member_quotes(article.body.raw_data))
    # A Member deleted since the article was written is simply no longer quoted.
    existing = set(Member.objects.filter(pk__in={member_id for _, member_id, _ in found}).values_list("pk", flat=True))
    rows = [
        MemberQuote(article=article, member_id=member_id, position=position, quote=value["quote"], role=value["role"])
        for position, member_id, value in found
        if member_id in existing
    ]
    MemberQuote.objects.bulk_create(rows)
    return len(rows)


def _member_quotes(raw_body: Iterable[dict[str, Any]]) -> Iterable[tuple[int, int, dict[str, str]]]:
    """(rank in the body, Member id, quote and role) of every quote block naming a Member."""
    for position, block in enumerate(raw_body):
        value = block.get("value") or {}
        member_id = value.get("member") if block.get("type") == "quote" else None
        if isinstance(member_id, str) and member_id.isdigit():
            member_id = int(member_id)
        if isinstance(member_id, int) and value.get("quote"):
            yield position, member_id, {"quote": str(value["quote"]), "role": str(value.get("role") or "")[:300]}


def file_in_section(page: Page) -> None:
    """Records an article's rubrique again after Wagtail moved it (its save is bypassed by the move)."""
    ArticlePage.objects.filter(pk=page.pk).update(section_page_id=parent_section_id(page.path))


def relist_article(article_id: int) -> None:
    """Copies an article's `live` to its `listed` after Wagtail published or unpublished it.

    Wagtail saves the article itself when it does either, and `ArticlePage.save` copies it then;
    this reads the page row again for the paths that save only the page (a page queryset's `unpublish`).
    """
    live = Page.objects.filter(pk=OuterRef("pk")).values("live")[:1]
    ArticlePage.objects.filter(pk=article_id).update(listed=Subquery(live))
