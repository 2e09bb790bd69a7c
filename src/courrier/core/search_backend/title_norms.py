"""Title norms set on the entries just written, against the average title of the most recent entries.

modelsearch refreshes `title_norm` (average title length / this title's length,
BM25's length normalisation) after every indexing by averaging every entry's
title and by finding the new entries through `title_norm = 1.0`, which no
index serves: two reads of the whole index table each time a page is
published or the archive loader writes a chunk, so the cost of publishing grew
with the archive. Here the average is taken over the `SAMPLE` most recent
entries (read off the primary key) and only the entries of the objects just
indexed are updated; a full rebuild (`full=True`) still recomputes every norm
from the whole table.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Avg, F
from django.db.models.functions import Length
from modelsearch.utils import get_content_type_pk

SAMPLE = 10_000  # titles; their average is the whole table's to a few hundredths of a term
BATCH = 500  # object ids per UPDATE, well under SQLite's variable limit


class TitleNormsOfNewEntries:
    """Mixed into a modelsearch database index (SQLiteIndex, PostgresIndex)."""

    entries: Any
    _indexed: tuple[int, list[str]] | None = None

    def add_items(self, model: Any, objs: Iterable[Any]) -> None:
        objs = list(objs)
        self._indexed = (get_content_type_pk(model), [str(obj.pk) for obj in objs])
        try:
            super().add_items(model, objs)  # type: ignore[misc]
        finally:
            self._indexed = None

    def _refresh_title_norms(self, full: bool = False) -> None:
        if full or self._indexed is None:
            super()._refresh_title_norms(full=full)  # type: ignore[misc]
            return
        recent = self.entries.order_by("-pk").values("pk")[:SAMPLE]
        average = (
            self.entries.filter(pk__in=recent)
            .annotate(title_length=Length("title"))
            .filter(title_length__gt=0)
            .aggregate(average=Avg("title_length"))["average"]
        )
        if average is None:
            return
        content_type, object_ids = self._indexed
        for start in range(0, len(object_ids), BATCH):
            self.entries.filter(content_type_id=content_type, object_id__in=object_ids[start : start + BATCH]).annotate(
                title_length=Length("title")
            ).filter(title_length__gt=0).update(title_norm=average / F("title_length"))
