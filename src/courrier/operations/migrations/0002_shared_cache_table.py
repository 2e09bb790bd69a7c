"""The database table of the shared cache (settings: CACHES, embedded default), created with the schema.

Created whatever cache the settings name at migrate time: a database migrated with Redis configured,
or a test database, must still serve processes that run without Redis.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # createcachetable leaves an existing table alone.
    call_command("createcachetable", settings.SHARED_CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(settings.SHARED_CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
