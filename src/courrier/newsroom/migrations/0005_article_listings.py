"""Articles record their rubrique and whether they are live, so that each listing reads one index."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# Set-based, on both databases: an article's rubrique is the page whose path is its own minus one step.
FILL_SECTIONS = """
UPDATE newsroom_articlepage SET section_page_id = (
    SELECT parent.id FROM wagtailcore_page child
    JOIN wagtailcore_page parent ON parent.path = SUBSTR(child.path, 1, LENGTH(child.path) - 4)
    JOIN newsroom_sectionpage section ON section.page_ptr_id = parent.id
    WHERE child.id = newsroom_articlepage.page_ptr_id
)
"""
FILL_LISTED = """
UPDATE newsroom_articlepage SET listed = (
    SELECT page.live FROM wagtailcore_page page WHERE page.id = newsroom_articlepage.page_ptr_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0004_register_links_and_member_quotes"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="articlepage",
            name="article_category_published",
        ),
        migrations.AddField(
            model_name="articlepage",
            name="listed",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.AddField(
            model_name="articlepage",
            name="section_page",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="newsroom.sectionpage",
            ),
        ),
        migrations.RunSQL(FILL_SECTIONS, migrations.RunSQL.noop),
        migrations.RunSQL(FILL_LISTED, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="articlepage",
            name="published_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="date de parution"),
        ),
        migrations.AddIndex(
            model_name="articlepage",
            index=models.Index(
                condition=models.Q(("listed", True)), fields=["published_at", "page_ptr"], name="article_newest"
            ),
        ),
        migrations.AddIndex(
            model_name="articlepage",
            index=models.Index(
                condition=models.Q(("listed", True)),
                fields=["section_page", "published_at", "page_ptr"],
                name="article_section_newest",
            ),
        ),
        migrations.AddIndex(
            model_name="articlepage",
            index=models.Index(
                condition=models.Q(("listed", True)),
                fields=["category", "published_at", "page_ptr"],
                name="article_category_newest",
            ),
        ),
    ]
