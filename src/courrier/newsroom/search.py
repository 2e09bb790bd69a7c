"""Full-text search over articles and decrees, fast on a 30-year archive.

Wagtail's search backend (modelsearch) keeps the index: one entry per article
and per decree, in SQLite's FTS5 table or PostgreSQL's tsvector columns. Its
own query computes relevance in a correlated subquery, row by row, which takes
minutes on 100,000 articles; here the index drives the query instead: the
matching entries are ranked once, joined to live articles and published
decrees, filtered, and only one page of ids is returned. Teasers are then
loaded for that page alone: an article's teaser, and a decree's public facts
(number, date, title, ministries, Gazette reference), never a body or a text.

What is matched depends on who asks (`full_text`, from `licensing.entitlements`):
each entry's public column holds what its teaser shows, the other its body or
text (`core.search_index`). Without `full_text`, only the public column is
matched and ranked, so neither the results, their count nor their order depend
on paywalled text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from courrier.newsroom.models import ArticlePage, Category, Section
from courrier.parliament.models import Decree

TITLE_WEIGHT = 3.0


@dataclass
class SiteSearch:
    """A search for `words` among live articles and published decrees, sliceable and countable like a QuerySet.

    A rubrique or a category narrows it to articles; `articles` or `decrees` set
    to False leaves those out. Decrees are dated by their publication to readers.
    """

    words: list[str]
    newest_first: bool = False
    section: Section | None = None
    category: Category | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    articles: bool = True
    decrees: bool = True
    full_text: bool = False  # match bodies and decree texts too: only for those who read everything

    def count(self) -> int:
        return sum(self.counts)

    @cached_property
    def counts(self) -> tuple[int, int]:
        """How many articles, and how many decrees, match (one query)."""
        articles = "COUNT(a.page_ptr_id)" if self.articles else "0"
        decrees = "COUNT(d.id)" if self._with_decrees else "0"
        sql, params = self._sql(select=f"{articles}, {decrees}", ordered=False)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchone()
        return int(found[0]), int(found[1])

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[ArticlePage | Decree]:
        if not isinstance(key, slice):
            raise TypeError("SiteSearch supports slices only")
        offset = key.start or 0
        limit = (key.stop - offset) if key.stop is not None else self.count() - offset
        if limit <= 0:
            return []
        sql, params = self._sql(select=None, ordered=True)
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])
            rows = cursor.fetchall()
        article_ids = [article for article, _ in rows if article is not None]
        decree_ids = [decree for _, decree in rows if decree is not None]
        articles = ArticlePage.objects.teasers().in_bulk(article_ids) if article_ids else {}
        decrees = Decree.objects.teasers().in_bulk(decree_ids) if decree_ids else {}
        found: list[ArticlePage | Decree] = []
        for article, decree in rows:
            item = articles.get(article) if article is not None else decrees.get(decree)
            if item is not None:
                found.append(item)
        return found

    @cached_property
    def _dialect(self) -> _Dialect:
        return _PostgreSQL() if connection.vendor == "postgresql" else _SQLite()

    @property
    def _with_decrees(self) -> bool:
        return self.decrees and self.section is None and self.category is None

    def _sql(self, *, select: str | None, ordered: bool) -> tuple[str, list[Any]]:
        """The query; `select` None selects (article id, decree id) pairs, one of them NULL."""
        dialect = self._dialect
        articles, decrees = self.articles, self._with_decrees
        # With both kinds, each is LEFT JOINed to its own entries: an entry of neither kind, a draft
        # article or an unpublished decree has neither row and is left out. With one kind, inner joins
        # as before: a LEFT JOIN the WHERE clause turns into an inner one would free SQLite's planner.
        join = "LEFT JOIN" if articles and decrees else dialect.join
        joins: list[str] = []
        params: list[Any] = []
        if articles:
            joins.append(
                f"{join} newsroom_articlepage a ON e.content_type_id = %s AND a.page_ptr_id = {dialect.object_id} "
                f"{join} wagtailcore_page p ON p.id = a.page_ptr_id"
            )
            params.append(ContentType.objects.get_for_model(ArticlePage).id)
        if decrees:
            joins.append(f"{join} parliament_decree d ON e.content_type_id = %s AND d.id = {dialect.object_id}")
            params.append(ContentType.objects.get_for_model(Decree).id)
        where, match_params = dialect.match(self.words, full_text=self.full_text)
        params += match_params
        kinds = []
        if articles:
            kinds.append("p.live = %s")
            params.append(True)
        if decrees:
            kinds.append("d.published_at IS NOT NULL")
        where.append(f"({' OR '.join(kinds)})" if kinds else "1 = 0")
        if self.section is not None and articles:
            where += ["p.path LIKE %s", "p.depth = %s"]
            params += [self.section.path + "%", len(self.section.path) // 4 + 1]
        if self.category is not None and articles:
            where.append("a.category_id = %s")
            params.append(self.category.pk)
        published_at = {
            (True, True): "COALESCE(a.published_at, d.published_at)",
            (True, False): "a.published_at",
            (False, True): "d.published_at",
            (False, False): "NULL",
        }[articles, decrees]
        if self.start is not None:
            where.append(f"{published_at} >= %s")
            params.append(connection.ops.adapt_datetimefield_value(self.start))
        if self.end is not None:
            where.append(f"{published_at} < %s")
            params.append(connection.ops.adapt_datetimefield_value(self.end))
        if select is None:
            select = f"{'a.page_ptr_id' if articles else 'NULL'}, {'d.id' if decrees else 'NULL'}"
        sql = (
            f"SELECT {select} FROM {dialect.entries} "  # noqa: S608 - constants only; values go in params
            f"{' '.join(joins)} WHERE {' AND '.join(where)}"
        )
        if ordered:
            order, order_params = (
                (f"{published_at} DESC, e.id DESC", [])
                if self.newest_first
                else dialect.relevance(self.words, full_text=self.full_text)
            )
            sql += f" ORDER BY {order}"
            params += order_params
        return sql, params


class _Dialect(Protocol):
    entries: str
    join: str
    object_id: str

    def match(self, words: list[str], *, full_text: bool) -> tuple[list[str], list[Any]]: ...

    def relevance(self, words: list[str], *, full_text: bool) -> tuple[str, list[Any]]: ...


class _SQLite:
    """FTS5: its tokenizer folds accents; bm25() ranks (lower is better)."""

    # CROSS JOIN keeps SQLite's planner from reordering: the full-text match must
    # drive the query (else a COUNT probes the index once per article).
    join = "CROSS JOIN"
    entries = (
        "wagtailsearch_indexentry_fts "
        "CROSS JOIN wagtailsearch_indexentry e ON e.id = wagtailsearch_indexentry_fts.rowid"
    )
    object_id = "CAST(e.object_id AS INTEGER)"

    def match(self, words: list[str], *, full_text: bool) -> tuple[list[str], list[Any]]:
        terms = " AND ".join(f'"{word}"' for word in words)
        columns = "{title body}" if full_text else "title"
        return ["wagtailsearch_indexentry_fts MATCH %s"], [f"{columns} : ({terms})"]

    def relevance(self, words: list[str], *, full_text: bool) -> tuple[str, list[Any]]:
        # Columns: autocomplete, body, title. The body weighs nothing for whoever may not search it.
        body = 1.0 if full_text else 0.0
        return f"bm25(wagtailsearch_indexentry_fts, 0.0, {body}, {TITLE_WEIGHT}), e.id DESC", []


class _PostgreSQL:
    """tsvector columns built with the `courrier_fr` configuration (French stems, no accents)."""

    entries = "wagtailsearch_indexentry e"
    join = "JOIN"
    object_id = "CAST(e.object_id AS INTEGER)"
    query = "plainto_tsquery('courrier_fr', %s)"

    def match(self, words: list[str], *, full_text: bool) -> tuple[list[str], list[Any]]:
        text = " ".join(words)
        if not full_text:
            return [f"e.title @@ {self.query}"], [text]
        return [f"(e.title @@ {self.query} OR e.body @@ {self.query})"], [text, text]

    def relevance(self, words: list[str], *, full_text: bool) -> tuple[str, list[Any]]:
        text = " ".join(words)
        if not full_text:
            return f"ts_rank(e.title, {self.query}) DESC, e.id DESC", [text]
        order = f"ts_rank(e.title, {self.query}) * {TITLE_WEIGHT} + ts_rank(e.body, {self.query}) DESC, e.id DESC"
        return order, [text, text]
