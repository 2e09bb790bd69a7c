"""Wagtail's database search backend, with relevance that the full-text index computes once per search.

modelsearch (behind `wagtail.search`) is kept for indexing, query parsing,
filters and explicit orderings; its relevance ordering, counts and facets are
replaced on SQLite (`sqlite`) and PostgreSQL (`postgres`) by the index-driven
ones of `ranked`. Other databases keep modelsearch's backend.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend


def SearchBackend(params: dict[str, Any]) -> Any:  # Wagtail finds a backend module's backend by this name
    """The backend for the default database: ours on SQLite with FTS5, modelsearch's everywhere else."""
    backend = DatabaseSearchBackend(params)
    if connection.vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend as ModelsearchPostgres

        from courrier.core.search_backend.postgres import PostgresSearchBackend

        if type(backend) is ModelsearchPostgres:
            return PostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        # Imported only here: modelsearch's SQLite module needs the FTS5 model, which exists on SQLite alone.
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend as FTS5Backend

        from courrier.core.search_backend.sqlite import SQLiteSearchBackend

        if type(backend) is FTS5Backend:
            return SQLiteSearchBackend(params)
    return backend
