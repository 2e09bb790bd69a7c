"""Search results that the full-text index drives: ranked once per search, over a bounded window of matches.

modelsearch (behind `wagtail.search`) orders by relevance inside the searched
QuerySet: on SQLite a correlated subquery runs the whole full-text match once
per matching row (it never finishes on 100,000 articles); on PostgreSQL the
index entries are joined to the searched table on a text cast of its key,
which scans the whole table. Here the index entries alone are matched and
ranked, and only the slice asked for is joined back to the searched QuerySet,
whose filters (permissions, live, content type) and annotations apply as they
were. Counts and facets read the matching keys without ranking them.

Relevance, counts and facets cover the most recently indexed matches, `WINDOW`
of them unless the backend's `WINDOW` parameter says otherwise (as
Elasticsearch stops counting at 10,000): a word in every other article costs
the same at 100,000 and 1,000,000 articles, and whoever needs an older match
adds a word. Explicit orderings, NOT queries and searches on named
fields are left to modelsearch.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, Expression, F, IntegerField, Max, QuerySet
from django.db.models.functions import Cast

WINDOW = 2_000  # 100 admin pages of 20; ranking 10,000 cost three times as much
# How far back from the newest entry the window is first looked for (`Matches.narrowed`), then the whole index.
SPANS = (20_000, 200_000)


@dataclass
class Matches:
    """The index entries a query matches, each with its searched object's `key` and its `score`."""

    entries: QuerySet[Any]
    negated: bool
    newest: str  # the entries' own key, by which the newest come first
    best_first: str  # "ASC" when a lower score is better (SQLite's bm25), else "DESC"
    size: int = WINDOW
    spans: tuple[int, ...] = ()  # see `narrowed`; empty where the index hands matches over newest first anyway
    _scored: list[tuple[Any, Any]] | None = field(default=None, repr=False, compare=False)

    def narrowed(self) -> Matches:
        """The same window, looked for among the newest entries first.

        A GIN index hands over every match of a query before the newest can be
        kept: a word in every other article meant fetching half a million
        entries from the table to keep 2,000. When the last `span` entries
        already hold `size` matches, those are the window (every other entry is
        older), and only they are read; a rare word falls through to the whole
        index, where its few matches are cheap.
        """
        if self.negated or not self.spans:
            return self
        newest = self.entries.model._default_manager.aggregate(newest=Max("pk"))["newest"]
        if newest is None:
            return self
        for span in self.spans:
            recent = self.entries.filter(**{f"{self.newest}__gt": newest - span})
            if list(recent.order_by(f"-{self.newest}").values_list(self.newest, flat=True)[self.size - 1 : self.size]):
                return replace(self, entries=recent)
        return self

    def window(self) -> QuerySet[Any]:
        return self.entries.order_by(f"-{self.newest}")

    def scored(self) -> list[tuple[Any, Any]]:
        """The window's (key, score) pairs, newest first, read once: slice, count and facets start from them."""
        if self._scored is None:
            self._scored = list(self.window().values_list("key", "score")[: self.size])
        return self._scored

    def keys(self) -> QuerySet[Any] | list[Any]:
        if self.negated:
            return self.entries.values("key")  # a NOT query excludes every match, not the newest alone
        return [key for key, _score in self.scored()]


def key_of(model: Any, object_id: str) -> Expression:
    """The index entry's object id (text) as the searched model's key, so that keys compare in their own type."""
    field = model._meta.pk
    while field.is_relation:
        field = field.target_field
    return Cast(object_id, output_field=IntegerField()) if isinstance(field, IntegerField) else F(object_id)


class IndexDrivenBackend:
    """Mixed into a modelsearch backend: reads the `WINDOW` parameter."""

    def __init__(self, params: dict[str, Any]) -> None:
        super().__init__(params)  # type: ignore[call-arg]
        self.window = int(params.get("WINDOW", WINDOW))


class IndexDrivenResults:
    """Mixed into a modelsearch results class whose compiler has `matches(config)` (None: leave it to modelsearch)."""

    backend: Any
    query_compiler: Any
    start: int
    stop: int | None
    _score_field: str | None

    def _matches(self) -> Matches | None:
        """The query's matches, found once per search: its count, its pages and its facets share them."""
        compiler = self.query_compiler
        if not hasattr(compiler, "_window_matches"):
            matches = compiler.matches(compiler.get_config(self.backend))
            if matches is not None:
                matches.size = self.backend.window
                matches = matches.narrowed()
            compiler._window_matches = matches
        return compiler._window_matches  # type: ignore[no-any-return]

    def _found(self, matches: Matches) -> QuerySet[Any]:
        """The searched QuerySet narrowed to the matches (or to the rest, for a NOT query), in its own order."""
        queryset = self.query_compiler.queryset
        if matches.negated:
            return queryset.exclude(pk__in=matches.keys())
        return queryset.filter(pk__in=matches.keys())

    def _do_count(self) -> int:
        matches = self._matches()
        if matches is None:
            return super()._do_count()  # type: ignore[misc]
        return self._found(matches).count()

    def _do_search(self) -> list[Any]:
        matches = self._matches()
        if matches is None or matches.negated:
            return super()._do_search()  # type: ignore[misc]  # a NOT query's scores are all 0
        if self.query_compiler.order_by_relevance:
            return self._load(self._ranked_slice(matches))
        found = self._found(matches)
        if not found.query.order_by:
            found = found.order_by("-pk")  # as modelsearch: stable pages
        objects = list(found[self.start : self.stop])
        if self._score_field is not None:
            scores = dict(matches.scored())
            for obj in objects:
                setattr(obj, self._score_field, scores.get(obj.pk))
        return objects

    def _ranked_slice(self, matches: Matches) -> list[tuple[Any, Any]]:
        """(key, score) of the slice asked for, best first, among the window's matches the QuerySet holds."""
        held = set(self._found(matches).order_by().values_list("pk", flat=True))
        ranked = [(key, score) for key, score in matches.scored() if key in held]
        ranked.sort(key=lambda pair: pair[0], reverse=True)  # equal scores: the newest key first (the sort is stable)
        ranked.sort(key=lambda pair: pair[1], reverse=matches.best_first == "DESC")
        return ranked[self.start : self.stop]

    def _load(self, scores: list[tuple[Any, Any]]) -> list[Any]:
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
        if matches is None or self.query_compiler._get_filterable_field(field_name) is None:
            return super().facet(field_name)  # type: ignore[misc]  # or modelsearch's error naming the FilterField
        counts = self._found(matches).order_by().values(field_name).annotate(count=Count("pk")).order_by("-count")
        return OrderedDict((row[field_name], row["count"]) for row in counts)
