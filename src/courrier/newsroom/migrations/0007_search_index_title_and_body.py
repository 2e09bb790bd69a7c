"""PostgreSQL: a GIN index on the search entries' title and body together, as whole-word search matches them.

modelsearch matches `title || body` against the query, which its per-column GIN
indexes cannot serve: every `.search()` read the whole index table (an admin
chooser's search over 1,000,000 articles, seconds). SQLite's FTS5 table needs nothing.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS courrier_indexentry_title_body_gin "
    "ON wagtailsearch_indexentry USING gin ((title || body));"
)
DROP = "DROP INDEX IF EXISTS courrier_indexentry_title_body_gin;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0006_search_documents"), ("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(create, drop)]
