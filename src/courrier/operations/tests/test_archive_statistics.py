"""After adding archive articles, the planner knows the new rows; on PostgreSQL they are also vacuumed,
so that deep listing pages read their keys off the index alone (an index-only scan)."""

import pytest
from django.db import connection

from courrier.newsroom import demo
from courrier.newsroom.models import ArticlePage
from courrier.operations.demo import add_demo_archive


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's visibility map")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_added_articles_are_vacuumed_and_analysed():
    demo.ensure_sections(demo.ensure_home("http://127.0.0.1:8000"))
    demo.ensure_categories()

    assert add_demo_archive(40) == 40

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpages, relallvisible, reltuples FROM pg_class WHERE relname = %s",
            [ArticlePage._meta.db_table],
        )
        pages, all_visible, tuples = cursor.fetchone()
    assert pages > 0 and all_visible == pages
    assert tuples == 40


def test_inside_a_transaction_the_statistics_alone_are_refreshed(db):
    demo.ensure_sections(demo.ensure_home("http://127.0.0.1:8000"))
    demo.ensure_categories()

    assert add_demo_archive(5) == 5
