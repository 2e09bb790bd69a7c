"""SQLite: the FTS5 table matched and ranked with bm25 alone (`ranked`)."""

from __future__ import annotations

from typing import Any

from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from courrier.core.search_backend.ranked import IndexDrivenBackend, IndexDrivenResults, Matches, key_of
from courrier.core.search_backend.title_norms import TitleNormsOfNewEntries


class _IndexDrivenCompiler:
    queryset: Any
    query: Any
    fields: list[str] | None
    FTS_TABLE_FIELDS: list[str]

    def matches(self, config: Any) -> Matches | None:
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
            .annotate(key=key_of(self.queryset.model, "index_entry__object_id"), score=score)
        )
        return Matches(entries, negated=negated, newest="index_entry_id", best_first="ASC")


class SQLiteSearchQueryCompiler(_IndexDrivenCompiler, sqlite.SQLiteSearchQueryCompiler):
    pass


class SQLiteAutocompleteQueryCompiler(_IndexDrivenCompiler, sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class SQLiteSearchResults(IndexDrivenResults, sqlite.SQLiteSearchResults):
    pass


class SQLiteIndex(TitleNormsOfNewEntries, sqlite.SQLiteIndex):
    pass


class SQLiteSearchBackend(IndexDrivenBackend, sqlite.SQLiteSearchBackend):
    index_class = SQLiteIndex
    query_compiler_class = SQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler
    results_class = SQLiteSearchResults
