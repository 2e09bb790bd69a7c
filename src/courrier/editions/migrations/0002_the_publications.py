import datetime

from django.db import migrations

PUBLICATIONS = [
    {
        "key": "lcp-lag",
        "name": "LCP-LAG",
        "description": "Notre édition de tous les matins de la semaine, de septembre à juin.",
        "cadence": "weekdays",
        "send_time": datetime.time(6, 30),
        "position": 1,
    },
    {
        "key": "lcp-infomidi",
        "name": "LCP InfoMidi",
        "description": "Quand l'activité parlementaire le mérite (quand le Salon bleu est en action).",
        "cadence": "sitting_days",
        "send_time": datetime.time(12, 0),
        "position": 2,
    },
    {
        "key": "cette-semaine",
        "name": "Cette semaine au Parlement",
        "description": "L'activité de la semaine, avec des mises à jour fréquentes durant la semaine.",
        "cadence": "weekly",
        "send_time": None,
        "position": 3,
    },
    {
        "key": "alerte-decrets",
        "name": "Alerte Décrets",
        "description": "Les décrets du gouvernement, à chaque parution de la Gazette officielle.",
        "cadence": "gazette",
        "send_time": None,
        "position": 4,
    },
]


def create(apps, schema_editor):
    Publication = apps.get_model("editions", "Publication")
    for fields in PUBLICATIONS:
        Publication.objects.update_or_create(key=fields["key"], defaults=fields)


def remove(apps, schema_editor):
    apps.get_model("editions", "Publication").objects.filter(key__in=[p["key"] for p in PUBLICATIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("editions", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
