"""Names sorted as French sorts them: accents after their letter, case ignored (« Bélisle » before « Brunet »,
« Économie » before « Travail »), on both databases.

PostgreSQL has ICU's `fr-CA-x-icu`; SQLite has only byte order, so each SQLite connection gets a `fr_ca`
collation comparing the same keys in Python (`install_sqlite_collation`, on `connection_created`).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression
from django.db.models.functions import Collate

SQLITE_COLLATION = "fr_ca"
POSTGRESQL_COLLATION = "fr-CA-x-icu"


def french_key(text: str) -> tuple[str, str, str]:
    """Letters without accents nor case first; then accents, then case, to break ties the same way every time."""
    folded = text.casefold()
    decomposed = unicodedata.normalize("NFD", folded)
    bare = "".join(character for character in decomposed if not unicodedata.combining(character))
    return (bare, folded, text)


def _compare(left: str, right: str) -> int:
    left_key, right_key = french_key(left), french_key(right)
    return (left_key > right_key) - (left_key < right_key)


def install_sqlite_collation(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


class French(Collate):
    """`order_by(French("name"))`, or in a model's `Meta.ordering`."""

    def __init__(self, expression: str | Expression) -> None:
        super().__init__(expression, SQLITE_COLLATION)

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        extra_context["collation"] = connection.ops.quote_name(POSTGRESQL_COLLATION)
        return self.as_sql(compiler, connection, **extra_context)

    def deconstruct(self) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
        return "courrier.core.collation.French", (self.source_expressions[0].name,), {}
