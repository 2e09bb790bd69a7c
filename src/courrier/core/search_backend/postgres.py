"""PostgreSQL: the index entries' tsvector columns matched (through their GIN indexes) and ranked alone (`ranked`).

modelsearch joins the searched table to its entries on `id::varchar = object_id`,
which no index serves: every search read the whole page table.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from modelsearch.backends.database.postgres import postgres
from modelsearch.query import Fuzzy, MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from courrier.core.search_backend import ranked
from courrier.core.search_backend.ranked import IndexDrivenBackend, IndexDrivenResults, Matches, key_of
from courrier.core.search_backend.title_norms import TitleNormsOfNewEntries


class _IndexDrivenCompiler:
    queryset: Any
    query: Any
    fields: list[str] | None

    def entry_vectors(self) -> list[tuple[F, Any]]:
        """modelsearch's vectors (`get_index_vectors`), read on the index entry itself."""
        return [(F("title"), F("title_norm")), (F("body"), 1.0)]

    def matches(self, config: Any) -> Matches | None:
        """None for what modelsearch answers its own way: all, fuzzy, NOT, or the model's own fields."""
        query = self.query
        if self.fields or isinstance(query, (MatchAll, Fuzzy, Not)):
            return None
        search_query = self.build_tsquery(query, config=config)  # type: ignore[attr-defined]
        vectors = self.entry_vectors()
        score = self._build_rank_expression(vectors, config)  # type: ignore[attr-defined]
        combined = vectors[0][0]
        for vector, _boost in vectors[1:]:
            combined = combined._combine(vector, "||", False)
        entries = (
            postgres.IndexEntry.objects.filter(
                content_type_id__in=get_descendants_content_types_pks(self.queryset.model)
            )
            .annotate(_vector_=combined)
            .filter(_vector_=search_query)
            .annotate(key=key_of(self.queryset.model, "object_id"), score=score)
        )
        return Matches(entries, negated=False, newest="id", best_first="DESC", spans=ranked.SPANS)


class PostgresSearchQueryCompiler(_IndexDrivenCompiler, postgres.PostgresSearchQueryCompiler):
    pass


class PostgresAutocompleteQueryCompiler(_IndexDrivenCompiler, postgres.PostgresAutocompleteQueryCompiler):
    def entry_vectors(self) -> list[tuple[F, Any]]:
        return [(F("autocomplete"), 1.0)]


class PostgresSearchResults(IndexDrivenResults, postgres.PostgresSearchResults):
    pass


class PostgresIndex(TitleNormsOfNewEntries, postgres.PostgresIndex):
    pass


class PostgresSearchBackend(IndexDrivenBackend, postgres.PostgresSearchBackend):
    index_class = PostgresIndex
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
    results_class = PostgresSearchResults
