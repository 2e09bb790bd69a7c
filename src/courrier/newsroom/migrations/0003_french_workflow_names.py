"""Wagtail's default groups and workflow, named in French for the newsroom.

Editors see these names in the admin ("Soumettre à …"). Only rows that still
carry Wagtail's default English names are renamed.
"""

from django.db import migrations

GROUPS = {"Moderators": "Modérateurs", "Editors": "Rédacteurs"}
APPROVAL = {"Moderators approval": "Approbation par les modérateurs"}


def rename(apps, schema_editor, groups, approval):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    for old, new in groups.items():
        Group.objects.filter(name=old).update(name=new)
    for old, new in approval.items():
        Workflow.objects.filter(name=old).update(name=new)
        Task.objects.filter(name=old).update(name=new)


def to_french(apps, schema_editor):
    rename(apps, schema_editor, GROUPS, APPROVAL)


def to_english(apps, schema_editor):
    rename(apps, schema_editor, {v: k for k, v in GROUPS.items()}, {v: k for k, v in APPROVAL.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_french_search_configuration"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(to_french, to_english)]
