"""Site search's read model: one row per live article and published decree, and its full-text index.

SQLite: an FTS5 table whose rowid is the document's key, with the public words,
the private ones, and the facet tokens filters match on (`newsroom.search_documents`).
PostgreSQL: tsvector columns (public words; public and private words, weighted A
and D) with GIN indexes. The words are stems computed in Python
(`newsroom.search_language`), hence the `simple` configuration. The table is filled
after `migrate` (`newsroom.apps`) or by `courrier rebuild_search`.
"""

from django.db import migrations, models

SQLITE = [
    "CREATE VIRTUAL TABLE newsroom_searchdocument_fts USING fts5("
    "public, private, facets, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS newsroom_searchdocument_fts"]
POSTGRESQL = [
    "ALTER TABLE newsroom_searchdocument ADD COLUMN public_vector tsvector NOT NULL DEFAULT ''",
    "ALTER TABLE newsroom_searchdocument ADD COLUMN full_vector tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX newsroom_search_public_words ON newsroom_searchdocument USING gin (public_vector)",
    "CREATE INDEX newsroom_search_full_words ON newsroom_searchdocument USING gin (full_vector)",
]


def create_index(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0005_article_listings"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("key", models.BigIntegerField(primary_key=True, serialize=False)),
                ("kind", models.CharField(choices=[("article", "article"), ("decree", "décret")], max_length=8)),
                ("object_id", models.IntegerField()),
                ("published_at", models.DateTimeField()),
                ("year", models.PositiveSmallIntegerField()),
                ("section_id", models.IntegerField(null=True)),
                ("category_id", models.IntegerField(null=True)),
            ],
            options={
                "verbose_name": "document de recherche",
                "verbose_name_plural": "documents de recherche",
                "indexes": [
                    models.Index(fields=["section_id", "key"], name="newsroom_search_section"),
                    models.Index(fields=["category_id", "key"], name="newsroom_search_category"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="newsroom_search_document_once")
                ],
            },
        ),
        migrations.RunPython(create_index, drop_index),
    ]
