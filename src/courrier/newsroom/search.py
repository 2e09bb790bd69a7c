"""Site search over live articles and published decrees, from its own read model (`SearchDocument`).

A search reads a bounded number of index rows, whatever the archive's size:

1. the newest matches, at most `RESULT_LIMIT` + 1, walked down the full-text
   index in key order (keys order documents by publication) and stopped there
   (on PostgreSQL, the last year first, then older periods: `_periods`): they
   give the count (exact up to `RESULT_LIMIT`, « more » beyond), the facets and,
   newest first, the page itself;
2. for the most relevant first, the page ranked among those same matches (all
   of them when there are at most `RESULT_LIMIT`, else the `RESULT_LIMIT`
   newest): BM25 in Python over the words read in step 1 on SQLite, `ts_rank` on
   PostgreSQL. So no query ranks or counts every match of a word found in half
   the archive, and what a reader can page through, count and narrow by facet
   is one and the same set (docs/performance.md, "Search").

Teasers are then loaded for the page alone: an article's teaser, a decree's public
facts, never a body or a text.

What is matched depends on who asks (`full_text`, from `licensing.entitlements`):
without it, only the public words (what teasers show) are matched and ranked, so
neither the results, their count, their facets nor their order depend on
paywalled text.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import connection
from django.utils import timezone

from courrier.newsroom.models import ArticlePage, Category, SearchDocumentKind, Section
from courrier.newsroom.search_documents import FTS_TABLE, TABLE, key_at
from courrier.newsroom.search_language import SearchQuery, parse_query, relevance, to_fts5, to_tsquery
from courrier.parliament.models import Decree

RESULT_LIMIT = 1000  # counted exactly, paged through, ranked and grouped in facets; beyond: « plus de 1 000 »
PUBLIC_WEIGHT = 3.0  # a word in what the teaser shows weighs this many times one in the body
RECENT_PERIODS_DAYS = (366, 5 * 366)  # PostgreSQL searches the last year, then the four before, then the rest


@dataclass(frozen=True)
class _Match:
    key: int
    kind: str
    object_id: int
    section_id: int | None
    category_id: int | None
    year: int


@dataclass(frozen=True)
class Facets:
    """How many of the matches fall in each rubrique (Section id), category (Category id) and year."""

    sections: Counter[int] = field(default_factory=Counter)
    categories: Counter[int] = field(default_factory=Counter)
    years: Counter[int] = field(default_factory=Counter)


@dataclass
class SiteSearch:
    """A search for `text` among live articles and published decrees, sliceable and countable like a QuerySet.

    A rubrique or a category narrows it to articles; `articles` or `decrees` set
    to False leaves those out. Documents are dated by their publication to readers.
    """

    text: str | SearchQuery
    newest_first: bool = False
    section: Section | None = None
    category: Category | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    articles: bool = True
    decrees: bool = True
    full_text: bool = False  # match bodies and decree texts too: only for those who read everything

    @cached_property
    def query(self) -> SearchQuery:
        return self.text if isinstance(self.text, SearchQuery) else parse_query(self.text)

    def count(self) -> int:
        """How many results can be paged through: every match, up to `RESULT_LIMIT`."""
        return len(self._window)

    def __len__(self) -> int:
        return self.count()

    @property
    def more(self) -> bool:
        """More than `RESULT_LIMIT` documents match."""
        return len(self._matches) > RESULT_LIMIT

    @property
    def counts(self) -> tuple[int, int]:
        """How many articles, and how many decrees, among the results that can be paged through."""
        articles = sum(1 for match in self._window if match.kind == SearchDocumentKind.ARTICLE)
        return articles, len(self._window) - articles

    @cached_property
    def facets(self) -> Facets:
        """Computed over the results that can be paged through: exact when at most `RESULT_LIMIT` match."""
        facets = Facets()
        for match in self._window:
            facets.years[match.year] += 1
            if match.section_id is not None:
                facets.sections[match.section_id] += 1
            if match.category_id is not None:
                facets.categories[match.category_id] += 1
        return facets

    def __getitem__(self, key: slice) -> list[ArticlePage | Decree]:
        if not isinstance(key, slice):
            raise TypeError("SiteSearch supports slices only")
        offset = key.start or 0
        stop = min(key.stop if key.stop is not None else RESULT_LIMIT, len(self._window))
        if stop <= offset:
            return []
        if self.newest_first:
            page = self._window[offset:stop]
        else:
            by_key = {match.key: match for match in self._window}
            page = [by_key[found] for found in self._ranked(offset, stop - offset) if found in by_key]
        return self._teasers(page)

    # Reading the index

    @property
    def _searches_anything(self) -> bool:
        articles = self.articles
        decrees = self.decrees and self.section is None and self.category is None
        return (articles or decrees) and not self.query.is_empty

    @cached_property
    def _matches(self) -> list[_Match]:
        if not self._searches_anything:
            return []
        found: list[_Match] = []
        with connection.cursor() as cursor:
            for low, high in self._periods():
                sql, params = self._dialect_sql(ranked=False, low=low, high=high)
                cursor.execute(f"{sql} LIMIT %s", [*params, RESULT_LIMIT + 1 - len(found)])
                for row in cursor.fetchall():
                    found.append(_Match(*row[:6]))
                    if len(row) > 6:
                        self._texts[row[0]] = tuple(row[6:])
                if len(found) > RESULT_LIMIT:
                    break
        return found

    def _periods(self) -> list[tuple[int | None, int | None]]:
        """The key ranges searched one after the other, newest first, until enough documents match.

        FTS5 walks its index newest first by itself: one range. PostgreSQL either walks the
        primary key newest first, testing each row (fast when most rows match), or reads the
        GIN index and sorts what matches (fast when few do); a word found in a few percent of
        the archive is slow both ways over 30 years, but quick over the last one: the recent
        years are searched first, then the older ones, in at most three queries.
        """
        low, high = self._key_range()
        if connection.vendor != "postgresql":
            return [(low, high)]
        now = timezone.now()
        bounds = [key_at(now - dt.timedelta(days=days)) for days in RECENT_PERIODS_DAYS]
        edges: list[int | None] = [None, *bounds, None]  # newest first: (bound0, None), (bound1, bound0)…
        periods = []
        for newer, older in itertools.pairwise(edges):
            period_low = older if low is None else (low if older is None else max(low, older))
            period_high = newer if high is None else (high if newer is None else min(high, newer))
            if period_low is None or period_high is None or period_low < period_high:
                periods.append((period_low, period_high))
        return periods

    @cached_property
    def _window(self) -> list[_Match]:
        return self._matches[:RESULT_LIMIT]

    @cached_property
    def _texts(self) -> dict[int, tuple[str, ...]]:
        """SQLite, most relevant first: the normalized words of each match, read with it, to rank them."""
        return {}

    @property
    def _ranks_in_python(self) -> bool:
        return connection.vendor != "postgresql" and not self.newest_first

    def _ranked(self, offset: int, limit: int) -> list[int]:
        if self._ranks_in_python:
            keys = {match.key for match in self._window}
            texts = {key: text for key, text in self._texts.items() if key in keys}
            weights = (PUBLIC_WEIGHT, 1.0) if self.full_text else (1.0,)
            scores = relevance(self.query, texts, weights)
            ordered = sorted(keys, key=lambda key: (-scores.get(key, 0.0), -key))
            return ordered[offset : offset + limit]
        sql, params = self._dialect_sql(ranked=True)
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])
            return [key for (key,) in cursor.fetchall()]

    def _key_range(self) -> tuple[int | None, int | None]:
        """The keys searched: the dates asked, and for ranking, no older than the oldest result."""
        low = key_at(self.start) if self.start is not None else None
        high = key_at(self.end) if self.end is not None else None
        return low, high

    def _dialect_sql(self, *, ranked: bool, low: int | None = None, high: int | None = None) -> tuple[str, list[Any]]:
        if ranked:
            low, high = self._key_range()
        if ranked and self.more:
            oldest = self._window[-1].key
            low = oldest if low is None else max(low, oldest)
        kind = None
        if not self.decrees or self.section is not None or self.category is not None:
            kind = SearchDocumentKind.ARTICLE
        elif not self.articles:
            kind = SearchDocumentKind.DECREE
        build = _postgresql_sql if connection.vendor == "postgresql" else _sqlite_sql
        return build(self, kind=kind, low=low, high=high, ranked=ranked)

    def _teasers(self, page: list[_Match]) -> list[ArticlePage | Decree]:
        article_ids = [match.object_id for match in page if match.kind == SearchDocumentKind.ARTICLE]
        decree_ids = [match.object_id for match in page if match.kind == SearchDocumentKind.DECREE]
        articles = ArticlePage.objects.teasers().in_bulk(article_ids) if article_ids else {}
        decrees = Decree.objects.teasers().in_bulk(decree_ids) if decree_ids else {}
        found: list[ArticlePage | Decree] = []
        for match in page:
            item = (articles if match.kind == SearchDocumentKind.ARTICLE else decrees).get(match.object_id)
            if item is not None:  # gone since it was indexed: left out rather than shown
                found.append(item)
        return found


MATCH_COLUMNS = "key, kind, object_id, section_id, category_id, year"


def _sqlite_sql(
    search: SiteSearch, *, kind: str | None, low: int | None, high: int | None, ranked: bool
) -> tuple[str, list[Any]]:
    """FTS5 drives: the facet tokens filter inside the match, the key range bounds its rowids. Ranking is done
    in Python over the words read with the matches (`search_language.relevance`), never by FTS5's bm25."""
    expression = to_fts5(search.query, "{public private}" if search.full_text else "public")
    tokens = [f"kind{kind}"] if kind else []
    if search.section is not None:
        tokens.append(f"section{search.section.id}")
    if search.category is not None:
        tokens.append(f"category{search.category.pk}")
    if tokens:
        expression = f"({expression}) AND facets : ({' AND '.join(tokens)})"
    where = [f"{FTS_TABLE} MATCH %s"]
    params: list[Any] = [expression]
    if low is not None:
        where.append(f"{FTS_TABLE}.rowid >= %s")
        params.append(low)
    if high is not None:
        where.append(f"{FTS_TABLE}.rowid < %s")
        params.append(high)
    # CROSS JOIN keeps the full-text index in the outer loop, walked newest first and stopped at the limit.
    texts = ""
    if not search.newest_first:  # ranked in Python (SiteSearch._ranked): the words come along
        texts = f", {FTS_TABLE}.public" + (f", {FTS_TABLE}.private" if search.full_text else "")
    sql = (
        f"SELECT d.{MATCH_COLUMNS.replace(', ', ', d.')}{texts} FROM {FTS_TABLE} "  # noqa: S608 - constants only
        f"CROSS JOIN {TABLE} d ON d.key = {FTS_TABLE}.rowid "
        f"WHERE {' AND '.join(where)} ORDER BY {FTS_TABLE}.rowid DESC"
    )
    return sql, params


def _postgresql_sql(
    search: SiteSearch, *, kind: str | None, low: int | None, high: int | None, ranked: bool
) -> tuple[str, list[Any]]:
    """GIN on the tsvector columns; filters on plain columns; the primary key orders by publication."""
    vector = "full_vector" if search.full_text else "public_vector"
    tsquery = to_tsquery(search.query)
    where = [f"{vector} @@ to_tsquery('simple', %s)"]
    params: list[Any] = [tsquery]
    for column, value in (
        ("kind", kind),
        ("section_id", search.section.id if search.section else None),
        ("category_id", search.category.pk if search.category else None),
    ):
        if value is not None:
            where.append(f"{column} = %s")
            params.append(value)
    if low is not None:
        where.append("key >= %s")
        params.append(low)
    if high is not None:
        where.append("key < %s")
        params.append(high)
    if ranked:
        # Weights for D, C, B, A: the public words are weighted A in full_vector, the private ones D.
        weights = f"'{{{1 / PUBLIC_WEIGHT}, 0, 0, 1}}'::float4[], " if search.full_text else ""
        sql = (
            f"SELECT key FROM {TABLE} WHERE {' AND '.join(where)} "  # noqa: S608 - constants only
            f"ORDER BY ts_rank({weights}{vector}, to_tsquery('simple', %s)) DESC, key DESC"
        )
        return sql, [*params, tsquery]
    sql = f"SELECT {MATCH_COLUMNS} FROM {TABLE} WHERE {' AND '.join(where)} ORDER BY key DESC"  # noqa: S608
    return sql, params
