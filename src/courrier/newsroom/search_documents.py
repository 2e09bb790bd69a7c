"""Writes site search's read model (`SearchDocument` and its full-text index) from articles and decrees.

A document's public words are what its teaser shows (an article's title, lead,
category and rubrique; a decree's number in the forms readers type, title,
enabling statute and ministries), its private words what only readers see (an
article's body, a decree's text). Writing is set-based: one `executemany` per
table for a whole batch, so that the bulk loader indexes hundreds of thousands
of articles without the ORM. Only `newsroom.actions` calls this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from courrier.newsroom.models import ArticlePage, SearchDocument, SearchDocumentKind, SectionPage, sections_by_path
from courrier.newsroom.search_language import normalized
from courrier.parliament.models import Decree

KEY_LOW_BITS = 21  # below the second: a few bits of the object's id, so that keys are unique
KEY_LOW_MASK = (1 << KEY_LOW_BITS) - 1
KIND_BITS = {SearchDocumentKind.ARTICLE: 0, SearchDocumentKind.DECREE: 1}
BATCH = 2000
FTS_TABLE = "newsroom_searchdocument_fts"
TABLE = SearchDocument._meta.db_table


def key_at(moment: dt.datetime) -> int:
    """The smallest key of a document published at `moment` or after."""
    return int(moment.timestamp()) << KEY_LOW_BITS


def _key(kind: str, object_id: int, published_at: dt.datetime) -> int:
    return key_at(published_at) | ((object_id << 1 | KIND_BITS[kind]) & KEY_LOW_MASK)


def facet_tokens(*, kind: str, section_id: int | None, category_id: int | None) -> str:
    """The words an FTS5 filter matches (SQLite): the kind, the rubrique, the category."""
    tokens = [f"kind{kind}"]
    if section_id is not None:
        tokens.append(f"section{section_id}")
    if category_id is not None:
        tokens.append(f"category{category_id}")
    return " ".join(tokens)


@dataclass(frozen=True)
class Document:
    kind: str
    object_id: int
    published_at: dt.datetime
    section_id: int | None
    category_id: int | None
    public: str
    private: str

    @property
    def year(self) -> int:
        return timezone.localtime(self.published_at).year


def article_documents(articles: Iterable[ArticlePage]) -> list[Document]:
    """The documents of live articles (their category loaded, or loaded here one by one)."""
    sections = {path: (section.id, section.title) for path, section in sections_by_path().items()}
    found = []
    for article in articles:
        if not article.live:
            continue
        parent = article.path[: -Page.steplen]
        if parent not in sections:  # a rubrique the cache has not seen yet, or one not live
            sections[parent] = SectionPage.objects.filter(path=parent).values_list("id", "title").first()
        section = sections[parent]
        category = article.category
        public = " ".join([article.title, article.lead, category.name, section[1] if section else ""])
        found.append(
            Document(
                kind=SearchDocumentKind.ARTICLE,
                object_id=article.pk,
                published_at=article.published_at,
                section_id=section[0] if section else None,
                category_id=article.category_id,
                public=public,
                private=article.body_text,
            )
        )
    return found


def decree_documents(decrees: Iterable[Decree]) -> list[Document]:
    """The documents of published decrees (their ministries prefetched, or read one decree at a time)."""
    return [
        Document(
            kind=SearchDocumentKind.DECREE,
            object_id=decree.pk,
            published_at=decree.published_at,
            section_id=None,
            category_id=None,
            public=decree.teaser_text,
            private=decree.private_text,
        )
        for decree in decrees
        if decree.published_at is not None
    ]


def write(documents: Sequence[Document]) -> None:
    """Replaces the documents of these objects by these documents."""
    for start in range(0, len(documents), BATCH):
        batch = documents[start : start + BATCH]
        for kind in KIND_BITS:
            remove(kind, [document.object_id for document in batch if document.kind == kind])
        _insert(batch)


def remove(kind: str, object_ids: Sequence[int]) -> None:
    """Removes the documents of these objects, if any."""
    if not object_ids:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(object_ids), BATCH):
            ids = list(object_ids[start : start + BATCH])
            marks = ", ".join(["%s"] * len(ids))
            where = f"kind = %s AND object_id IN ({marks})"
            if connection.vendor == "sqlite":
                sql = f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT key FROM {TABLE} WHERE {where})"  # noqa: S608
                cursor.execute(sql, [kind, *ids])
            cursor.execute(f"DELETE FROM {TABLE} WHERE {where}", [kind, *ids])  # noqa: S608


def remove_all() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 - constant
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 - constant


def _insert(documents: Sequence[Document]) -> None:
    keys = _free_keys(documents)
    adapt = connection.ops.adapt_datetimefield_value
    rows = [
        [key, doc.kind, doc.object_id, adapt(doc.published_at), doc.year, doc.section_id, doc.category_id]
        for key, doc in zip(keys, documents, strict=True)
    ]
    columns = "key, kind, object_id, published_at, year, section_id, category_id"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                f"INSERT INTO {TABLE} ({columns}, public_vector, full_vector) VALUES "  # noqa: S608 - constants
                "(%s, %s, %s, %s, %s, %s, %s, to_tsvector('simple', %s), "
                "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'D'))",
                [
                    [*row, public, public, normalized(doc.private)]
                    for row, doc in zip(rows, documents, strict=True)
                    for public in [normalized(doc.public)]
                ],
            )
            return
        cursor.executemany(f"INSERT INTO {TABLE} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s)", rows)  # noqa: S608
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, public, private, facets) VALUES (%s, %s, %s, %s)",  # noqa: S608
            [
                [
                    key,
                    normalized(doc.public),
                    normalized(doc.private),
                    facet_tokens(kind=doc.kind, section_id=doc.section_id, category_id=doc.category_id),
                ]
                for key, doc in zip(keys, documents, strict=True)
            ],
        )


def _free_keys(documents: Sequence[Document]) -> list[int]:
    """Each document's key, moved up by one where another document of the same second already holds it."""
    wanted = [_key(doc.kind, doc.object_id, doc.published_at) for doc in documents]
    marks = ", ".join(["%s"] * len(wanted))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key FROM {TABLE} WHERE key IN ({marks})", wanted)  # noqa: S608 - placeholders only
        taken = {key for (key,) in cursor.fetchall()}
    keys = []
    for key in wanted:
        while key in taken:
            key += 1
        taken.add(key)
        keys.append(key)
    return keys
