"""Reader-facing pages outside the page tree: search, archive, categories, and the register's pages.

Every listing shows teasers only (`ArticlePage.objects.teasers()`, `Decree.objects.teasers()`),
whoever asks. A decree's page and a Member's page hold paywalled content (a decree's
full text, the quotes of articles) shown as `licensing.entitlements` decides, with the
same headers as an article (`paywalled`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from allauth.core.internal import ratelimit as allauth_ratelimit
from django import forms
from django.contrib.sitemaps import views as sitemaps_views
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courrier.core.collation import French
from courrier.core.page_cache import remembered, shared_copy, teasers_copy
from courrier.licensing.entitlements import entitlement
from courrier.newsroom.forms import DecreeFilterForm, SearchForm, SearchKind, SearchOrder
from courrier.newsroom.models import (
    ArticlePage,
    Category,
    MemberQuote,
    TeaserListing,
    json_ld,
    listing_page,
    paginate,
    paywalled,
    publisher_organization,
)
from courrier.newsroom.search import RESULT_LIMIT, SiteSearch
from courrier.newsroom.search_language import parse_query
from courrier.newsroom.sitemaps import SITEMAPS
from courrier.parliament.models import Decree, DecreeQuerySet, Member

SEARCH_RATE_ACTION = "search"  # its rates: ACCOUNT_RATE_LIMITS["search"]
FIRST_ARCHIVE_YEAR = 1990
EXPLAINING_ARTICLES = 20  # a decree's page lists at most this many of the articles explaining it


def search(request: HttpRequest) -> HttpResponse:
    """Search what the requester may see: teasers for everyone, bodies and decree texts for those who read
    everything (`Entitlement.searches_full_text`); each search counts against a rate limit."""
    form = SearchForm(request.GET or None)
    results = None
    found = nothing_found = ""
    facets: SearchFacets | None = None
    if form.has_criteria:
        if not may_search_now(request):
            refused = render(request, "429.html", status=429)
            add_never_cache_headers(refused)
            return refused
        matching = _search_results(form, full_text=entitlement(request).searches_full_text)
        results = paginate(matching, request.GET.get("page"))
        found = _found(matching, results.paginator.count)
        nothing_found = _nothing_found(matching)
        if isinstance(matching, SiteSearch):
            facets = search_facets(request, form, matching)
    context = {
        "form": form,
        "results": results,
        "found": found,
        "nothing_found": nothing_found,
        "facets": facets,
        "query": request.GET,
    }
    return shared_copy(render(request, "newsroom/search.html", context))


def may_search_now(request: HttpRequest) -> bool:
    """Counts one search against allauth's limiter (shared by every worker through the default cache):
    per account when logged in, else per address as allauth counts them (an IPv6 address's /64).
    allauth's public `consume` limits only POSTs: the internal one is asked to limit this GET."""
    user = getattr(request, "user", None)
    key = f"user:{user.pk}" if user is not None and user.is_authenticated else f"ip:{allauth_ratelimit.get_ip(request)}"
    usage = allauth_ratelimit.consume(
        request, app="allauth.account", action=SEARCH_RATE_ACTION, key=key, limit_get=True
    )
    return usage is not None


def _found(matching: SiteSearch | TeaserListing | DecreeQuerySet, total: int) -> str:
    """« 12 articles trouvés », « 1 décret trouvé », « 3 articles et 2 décrets trouvés »."""
    if isinstance(matching, SiteSearch):
        if matching.more:
            return _more_than_found(matching)
        articles, decrees = matching.counts
    elif isinstance(matching, TeaserListing):
        articles, decrees = total, 0
    elif matching.model is Decree:
        articles, decrees = 0, total
    else:
        articles, decrees = total, 0
    if not decrees:
        return ngettext("%(counter)s article trouvé", "%(counter)s articles trouvés", articles) % {"counter": articles}
    if not articles:
        return ngettext("%(counter)s décret trouvé", "%(counter)s décrets trouvés", decrees) % {"counter": decrees}
    return _("%(articles)s et %(decrees)s trouvés") % {
        "articles": ngettext("%(counter)s article", "%(counter)s articles", articles) % {"counter": articles},
        "decrees": ngettext("%(counter)s décret", "%(counter)s décrets", decrees) % {"counter": decrees},
    }


def _more_than_found(matching: SiteSearch) -> str:
    """« Plus de 1 000 articles trouvés »: the count stops at what can be paged through."""
    limit = number_format(RESULT_LIMIT, force_grouping=True)
    if not matching.decrees or matching.section is not None or matching.category is not None:
        return _("Plus de %(limit)s articles trouvés") % {"limit": limit}
    if not matching.articles:
        return _("Plus de %(limit)s décrets trouvés") % {"limit": limit}
    return _("Plus de %(limit)s articles et décrets trouvés") % {"limit": limit}


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class SearchFacets:
    """Links narrowing a search by rubrique, category and year, with how many results each keeps."""

    sections: list[FacetLink]
    categories: list[FacetLink]
    years: list[FacetLink]
    among_newest: str  # says the counts are over the newest results when more match

    def __bool__(self) -> bool:
        return bool(self.sections or self.categories or self.years)


def search_facets(request: HttpRequest, form: SearchForm, matching: SiteSearch) -> SearchFacets:
    """The facets of a search, each a link to the same search narrowed (from the first page)."""
    facets = matching.facets
    sections = {section.id: section for section in form.sections.values()}
    categories = {category.pk: category for category in form.categories.values()}

    def link(label: str, count: int, **narrowed: str) -> FacetLink:
        params = request.GET.copy()
        params.pop("page", None)
        for name, value in narrowed.items():
            params[name] = value
        return FacetLink(label=label, count=count, url=f"?{params.urlencode()}")

    def ranked(counter: Any) -> list[tuple[Any, int]]:
        return sorted(counter.items(), key=lambda item: (-item[1], item[0]))

    section_links = [
        link(sections[pk].title, count, rubrique=sections[pk].slug)
        for pk, count in ranked(facets.sections)
        if pk in sections and not form.cleaned_data.get("rubrique")
    ]
    category_links = [
        link(categories[pk].name, count, categorie=categories[pk].slug)
        for pk, count in ranked(facets.categories)
        if pk in categories and not form.cleaned_data.get("categorie")
    ]
    year_links = [
        link(str(year), count, du=f"{year}-01-01", au=f"{year}-12-31")
        for year, count in sorted(facets.years.items(), reverse=True)
    ]
    among_newest = ""
    if matching.more:
        among_newest = _("Parmi les %(limit)s résultats les plus récents") % {
            "limit": number_format(RESULT_LIMIT, force_grouping=True)
        }
    return SearchFacets(sections=section_links, categories=category_links, years=year_links, among_newest=among_newest)


def _nothing_found(matching: SiteSearch | TeaserListing | DecreeQuerySet) -> str:
    """Names what was searched: articles, decrees, or both."""
    if isinstance(matching, SiteSearch):
        articles, decrees = matching.articles, matching.decrees
    elif isinstance(matching, TeaserListing):
        articles, decrees = True, False
    else:
        articles, decrees = matching.model is not Decree, matching.model is Decree
    if not decrees:
        return _("Aucun article ne correspond à votre recherche.")
    if not articles:
        return _("Aucun décret ne correspond à votre recherche.")
    return _("Aucun article ni décret ne correspond à votre recherche.")


def _search_results(form: SearchForm, *, full_text: bool) -> SiteSearch | TeaserListing | DecreeQuerySet:
    data = form.cleaned_data
    start, end = form.date_range()
    section = form.sections.get(data.get("rubrique") or "")
    kind = data.get("contenu") or ""
    query = parse_query(data["q"])
    if query.groups or query.excluded:
        return SiteSearch(
            text=query,
            newest_first=data.get("tri") == SearchOrder.NEWEST,
            section=section,
            category=data.get("categorie"),
            start=start,
            end=end,
            articles=kind != SearchKind.DECREES,
            decrees=kind != SearchKind.ARTICLES,
            full_text=full_text,
        )
    if kind == SearchKind.DECREES:
        # Without words: the latest decrees published in the dates asked (a rubrique or category means articles).
        if section is not None or data.get("categorie"):
            return Decree.objects.none()
        decrees = Decree.objects.published().teasers()
        if start is not None:
            decrees = decrees.filter(published_at__gte=start)
        if end is not None:
            decrees = decrees.filter(published_at__lt=end)
        return decrees.order_by("-published_at", "-number")
    articles = ArticlePage.objects.all()
    if section is not None:
        articles = articles.in_section(section)
    if data.get("categorie"):
        articles = articles.in_category(data["categorie"])
    return articles.published_between(start, end).teaser_listing()


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
    return teasers_copy(
        render(request, "newsroom/archive.html", {"years": years, "categories": Category.objects.alphabetical()})
    )


def archive_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (FIRST_ARCHIVE_YEAR <= year <= timezone.localdate().year + 1 and 1 <= month <= 12):
        raise Http404
    zone = timezone.get_current_timezone()
    start = dt.datetime(year, month, 1, tzinfo=zone)
    end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=zone)
    articles = ArticlePage.objects.published_between(start, end).teaser_listing()
    return _teaser_listing(request, "newsroom/archive_month.html", articles, f"month:{year}-{month}", month=start)


def category(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = get_object_or_404(Category, slug=slug)
    articles = ArticlePage.objects.in_category(chosen).teaser_listing()
    return _teaser_listing(request, "newsroom/category.html", articles, f"category:{chosen.pk}", category=chosen)


def _teaser_listing(
    request: HttpRequest, template: str, articles: TeaserListing, count_name: str, **context: object
) -> HttpResponse:
    page = listing_page(articles, request.GET, count_name=count_name)
    return teasers_copy(render(request, template, {**context, "articles": page}))


# The register: decrees and Members


def decree_list(request: HttpRequest) -> HttpResponse:
    """Published decrees, newest first, filtered by ministry, category, Gazette issue and dates made."""
    form = DecreeFilterForm(request.GET or None)
    filters = form.filters()
    decrees = Decree.objects.published().teasers()
    if "ministere" in filters:
        decrees = decrees.recommended_by(filters["ministere"])
    if "categorie" in filters:
        decrees = decrees.in_category(filters["categorie"])
    if "gazette" in filters:
        decrees = decrees.in_issue(filters["gazette"])
    decrees = decrees.made_between(filters.get("du"), filters.get("au"))
    page = paginate(decrees.newest_first(), request.GET.get("page"))
    context = {
        "form": form,
        "decrees": page,
        "issue": filters.get("gazette"),
        "filtered": bool(filters),
        "listing_key": _listing_key(request, form),
    }
    return teasers_copy(render(request, "newsroom/decrees/list.html", context))


def _listing_key(request: HttpRequest, form: forms.Form) -> str | None:
    """What the filters and page of a listing render from, as a fragment key; None for filters that did not validate."""
    if form.is_bound and not form.is_valid():
        return None
    query = sorted((name, value) for name, values in request.GET.lists() for value in values)
    return hashlib.sha256(urlencode(query).encode()).hexdigest()


def decree_page(request: HttpRequest, year: int, number: int) -> HttpResponse:
    """A published decree: its public facts for everyone, its full text for those who may read it."""
    decree = get_object_or_404(
        Decree.objects.published().select_related("gazette_issue").prefetch_related("ministries"),
        year=year,
        number=number,
    )
    access = entitlement(request)
    may_read = access.may_read(decree)
    articles = ArticlePage.objects.teasers().filter(decree_links__decree=decree).newest_first()
    context = {
        "decree": decree,
        "ministries": list(decree.ministries.all()),
        "access": access,
        "may_read": may_read,
        "articles": list(articles[:EXPLAINING_ARTICLES]),
        "structured_data": json_ld(_decree_structured_data(request, decree)),
    }
    return paywalled(request, render(request, "newsroom/decrees/decree.html", context), may_read=may_read)


def _decree_structured_data(request: HttpRequest, decree: Decree) -> dict[str, Any]:
    """schema.org markup: the public facts, and that the text is paywalled when there is one; never the text."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": decree.title,
        "legislationIdentifier": decree.formatted_number,
        "legislationDate": decree.made_on,
        "legislationType": decree.get_category_display(),
        "inLanguage": "fr-CA",
        "url": request.build_absolute_uri(decree.get_absolute_url()),
        "publisher": publisher_organization(),
    }
    if decree.has_paywalled_text:
        data["isAccessibleForFree"] = False
        data["hasPart"] = {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".decree__paywalled"}
    return data


def member_list(request: HttpRequest) -> HttpResponse:
    """The Members sitting today, then those who sat before, each linked to their page."""
    today = timezone.localdate()
    members = list(Member.objects.select_related("party").order_by(French("last_name"), French("first_name")))
    context = {
        "sitting": [member for member in members if member.in_office_on(today)],
        "former": [member for member in members if not member.in_office_on(today) and member.took_office_on <= today],
    }
    return teasers_copy(render(request, "newsroom/members/list.html", context))


def member_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A Member: party, riding, roles over time, and where our articles quoted them.

    A quote is the text of its article: only those who may read the article see it;
    everyone sees in which article, and on what day, the Member was quoted.
    """
    member = get_object_or_404(Member.objects.select_related("party"), slug=slug)
    today = timezone.localdate()
    roles = list(member.roles.select_related("ministry").order_by("-started_on", "kind"))
    quotes = paginate(MemberQuote.objects.of_member(member), request.GET.get("page"))
    access = entitlement(request)
    opened = {article.pk for article in access.readable([quote.article for quote in quotes])}
    readable = {quote.pk for quote in quotes if quote.article_id in opened}
    context = {
        "member": member,
        "current_roles": [role for role in roles if role.ended_on is None or role.ended_on >= today],
        "past_roles": [role for role in roles if role.ended_on is not None and role.ended_on < today],
        "quotes": quotes,
        "readable": readable,
        "access": access,
        "walled": len(readable) < len(quotes),
    }
    response = render(request, "newsroom/members/member.html", context)
    return paywalled(request, response, may_read=bool(readable))


def sitemap_index(request: HttpRequest) -> HttpResponse:
    """`/sitemap.xml`: where each part of the sitemap lives (teasers only: the same for everyone)."""
    return shared_copy(sitemaps_views.index(request, SITEMAPS, sitemap_url_name="sitemap_section"))


def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    return shared_copy(sitemaps_views.sitemap(request, SITEMAPS, section=section))
