"""SQLite: relevance that the FTS5 index computes once per search, not once per matching row.

modelsearch (behind `wagtail.search`) orders by relevance with a correlated
subquery: for every matching row it runs the whole full-text match again to
find that row's score. On SQLite that is one FTS5 scan per match, which never
finishes on 100,000 articles; the admin's page search, its content-type facet
and every chooser search paid it. Here, on SQLite, the match is scanned once,
ranked with bm25, and only the slice asked for is joined back to the searched
QuerySet; counts and facets read the matching keys without ranking them.
Filters, permissions, prefix autocomplete and explicit orderings are left to
modelsearch and the QuerySet as they were. PostgreSQL keeps modelsearch's own
backend, whose match and rank run in one pass over the matching entries.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.db import connections
from django.db.models import Count, IntegerField, QuerySet
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks


class _Matches:
    """The index entries a query matches, scored, for the compiler's model; `negated` for NOT queries."""

    def __init__(self, entries: QuerySet[Any], *, negated: bool) -> None:
        self.entries = entries
        self.negated = negated

    def keys(self) -> QuerySet[Any]:
        return self.entries.values("index_entry__object_id")


class _IndexDrivenCompiler:
    """What both SQLite compilers (search, autocomplete) add: the matching entries, without the per-row score."""

    queryset: QuerySet[Any]
    query: Any
    fields: list[str] | None
    FTS_TABLE_FIELDS: list[str]

    def matches(self, config: Any) -> _Matches | None:
        """None when the query matches everything or nothing (modelsearch answers those without the index)."""
        query = normalize(self.query)
        if isinstance(query, MatchAll) or (isinstance(query, Not) and isinstance(query.subquery, MatchAll)):
            return None
        negated = isinstance(query, Not)
        if negated:
            query = query.subquery
        match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config))  # type: ignore[attr-defined]
        # modelsearch's rank reads `self.query`: rank the query without its negation, as it does.
        original, self.query = self.query, query
        try:
            score = self._build_rank_expression(self.get_search_vectors(), config)  # type: ignore[attr-defined]
        finally:
            self.query = original
        entries = (
            sqlite.SQLiteFTSIndexEntry.objects.filter(match)
            .filter(index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model))
            .annotate(score=score)
        )
        return _Matches(entries, negated=negated)

    def found(self, matches: _Matches) -> QuerySet[Any]:
        """The searched QuerySet narrowed to the matches (or to the rest, for a NOT query), unordered by score."""
        if matches.negated:
            return self.queryset.exclude(pk__in=matches.keys())
        return self.queryset.filter(pk__in=matches.keys())


class SQLiteSearchQueryCompiler(_IndexDrivenCompiler, sqlite.SQLiteSearchQueryCompiler):
    pass


class SQLiteAutocompleteQueryCompiler(_IndexDrivenCompiler, sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class SQLiteSearchResults(sqlite.SQLiteSearchResults):
    query_compiler: SQLiteSearchQueryCompiler

    def _matches(self) -> _Matches | None:
        return self.query_compiler.matches(self.query_compiler.get_config(self.backend))

    def _do_count(self) -> int:
        matches = self._matches()
        if matches is None:
            return super()._do_count()
        return self.query_compiler.found(matches).count()

    def _do_search(self) -> list[Any]:
        compiler = self.query_compiler
        matches = self._matches()
        scored = compiler.order_by_relevance or self._score_field is not None
        if matches is None or matches.negated or not scored:
            # modelsearch adds no per-row score to these (a NOT query's scores are all 0).
            return super()._do_search()
        if compiler.order_by_relevance:
            scores = self._ranked_slice(matches)
        else:
            # The QuerySet's own order; the scores of the slice alone, in one scan of the match.
            found = compiler.found(matches)
            if not found.query.order_by:
                found = found.order_by("-pk")
            keys = list(found[self.start : self.stop].values_list("pk", flat=True))
            by_key = dict(
                matches.entries.filter(index_entry__object_id__in=[str(key) for key in keys]).values_list(
                    "index_entry__object_id", "score"
                )
            )
            scores = [(key, by_key.get(str(key))) for key in keys]
        return self._load(scores)

    def _ranked_slice(self, matches: _Matches) -> list[tuple[Any, float]]:
        """(key, score) of the slice asked for, best first: the match ranked once, kept if the QuerySet holds it."""
        compiler = self.query_compiler
        model = compiler.queryset.model
        key = "CAST(r.object_id AS INTEGER)" if _integer_pk(model) else "r.object_id"
        ranked_sql, ranked_params = matches.entries.values_list(
            "index_entry__object_id", "score"
        ).query.sql_with_params()
        found_sql, found_params = compiler.found(matches).order_by().values("pk").query.sql_with_params()
        limit = -1 if self.stop is None else self.stop - self.start
        sql = (
            f"WITH r(object_id, score) AS ({ranked_sql}) "  # noqa: S608 - compiled SQL; values in params
            f"SELECT {key}, r.score FROM r WHERE {key} IN ({found_sql}) "
            f"ORDER BY r.score, {key} DESC LIMIT %s OFFSET %s"
        )
        connection = connections[compiler.queryset.db]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*ranked_params, *found_params, limit, self.start])
            return [(row[0], row[1]) for row in cursor.fetchall()]

    def _load(self, scores: list[tuple[Any, float | None]]) -> list[Any]:
        """The objects of `scores`, in that order, through the searched QuerySet (its annotations, its joins)."""
        if not scores:
            return []
        objects = self.query_compiler.queryset.order_by().in_bulk([key for key, _ in scores])
        loaded = []
        for key, score in scores:
            obj = objects.get(key)
            if obj is None:
                continue
            if self._score_field is not None:
                setattr(obj, self._score_field, score)
            loaded.append(obj)
        return loaded

    def facet(self, field_name: str) -> OrderedDict[Any, int]:
        matches = self._matches()
        if matches is None:
            return super().facet(field_name)
        if self.query_compiler._get_filterable_field(field_name) is None:
            return super().facet(field_name)  # raises modelsearch's error, which names the missing FilterField
        counts = (
            self.query_compiler.found(matches)
            .order_by()
            .values(field_name)
            .annotate(count=Count("pk"))
            .order_by("-count")
        )
        return OrderedDict((row[field_name], row["count"]) for row in counts)


def _integer_pk(model: Any) -> bool:
    field = model._meta.pk
    while field.is_relation:
        field = field.target_field
    return isinstance(field, IntegerField)


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = SQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler
    results_class = SQLiteSearchResults
