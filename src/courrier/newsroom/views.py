"""Reader-facing listings outside the page tree: search, archive, categories.

Every listing shows teasers only (`ArticlePage.objects.teasers()`), whoever asks.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from courrier.core.page_cache import remembered, shared_copy
from courrier.newsroom.forms import SearchForm, SearchOrder
from courrier.newsroom.models import ArticlePage, Category, paginate
from courrier.newsroom.search import ArticleSearch

FIRST_ARCHIVE_YEAR = 1990


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    if form.has_criteria:
        results = paginate(_search_results(form), request.GET.get("page"))
    return shared_copy(
        render(request, "newsroom/search.html", {"form": form, "results": results, "query": request.GET})
    )


def _search_results(form: SearchForm) -> ArticleSearch | QuerySet[ArticlePage]:
    data = form.cleaned_data
    start, end = form.date_range()
    section = form.sections.get(data.get("rubrique") or "")
    words = data["q"].split()
    if words:
        return ArticleSearch(
            words=words,
            newest_first=data.get("tri") == SearchOrder.NEWEST,
            section=section,
            category=data.get("categorie"),
            start=start,
            end=end,
        )
    articles = ArticlePage.objects.teasers()
    if section is not None:
        articles = articles.in_section(section)
    if data.get("categorie"):
        articles = articles.in_category(data["categorie"])
    return articles.published_between(start, end).newest_first()


def archive_months() -> list[dict]:
    """How many articles each month has, newest month first; remembered until the content changes."""
    return remembered(
        "archive-months",
        lambda: list(
            ArticlePage.objects.live()
            .annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(count=Count("id"))
            .order_by("-month")
        ),
    )


def archive_index(request: HttpRequest) -> HttpResponse:
    years: dict[int, list[dict]] = {}
    for row in archive_months():
        years.setdefault(row["month"].year, []).append(row)
    return shared_copy(
        render(request, "newsroom/archive.html", {"years": years, "categories": Category.objects.alphabetical()})
    )


def archive_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (FIRST_ARCHIVE_YEAR <= year <= timezone.localdate().year + 1 and 1 <= month <= 12):
        raise Http404
    zone = timezone.get_current_timezone()
    start = dt.datetime(year, month, 1, tzinfo=zone)
    end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    articles = ArticlePage.objects.teasers().published_between(start, end).newest_first()
    return _teaser_listing(request, "newsroom/archive_month.html", articles, f"month:{year}-{month}", month=start)


def category(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = get_object_or_404(Category, slug=slug)
    articles = ArticlePage.objects.teasers().in_category(chosen).newest_first()
    return _teaser_listing(request, "newsroom/category.html", articles, f"category:{chosen.pk}", category=chosen)


def _teaser_listing(
    request: HttpRequest, template: str, articles: QuerySet[ArticlePage], count_name: str, **context: object
) -> HttpResponse:
    page = paginate(articles, request.GET.get("page"), count_name=count_name)
    return shared_copy(render(request, template, {**context, "articles": page}))
