"""PostgreSQL: a French text search configuration that ignores accents.

`decret` and `décret` must find the same articles. SQLite's FTS5 tokenizer
already folds accents, so nothing is needed there.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'courrier_fr') THEN
        CREATE TEXT SEARCH CONFIGURATION courrier_fr (COPY = pg_catalog.french);
        ALTER TEXT SEARCH CONFIGURATION courrier_fr
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS courrier_fr;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("newsroom", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
