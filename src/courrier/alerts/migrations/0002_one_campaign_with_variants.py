"""An alert is sent by one campaign, each part a variant of it (it was one campaign per part).

Parts planned before are numbered in the order they were created; the campaigns that sent them
stay in mailing's history, no longer linked to their alert.
"""

import django.db.models.deletion
from django.db import migrations, models


def name_the_alert_of_each_signature(apps, schema_editor):
    signature_model = apps.get_model("alerts", "DecreeAlertSignature")
    for signature in signature_model.objects.select_related("part").iterator():
        signature.alert_id = signature.part.alert_id
        signature.save(update_fields=["alert"])


def number_parts(apps, schema_editor):
    part_model = apps.get_model("alerts", "DecreeAlertPart")
    numbered = []
    alert_id, number = None, 0
    for part in part_model.objects.order_by("alert_id", "pk"):
        number = number + 1 if part.alert_id == alert_id else 1
        alert_id = part.alert_id
        part.variant = number
        numbered.append(part)
    part_model.objects.bulk_update(numbered, ["variant"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("mailing", "0003_campaign_variants"),
    ]

    operations = [
        migrations.RemoveField(model_name="decreealert", name="decree_count"),
        migrations.AddField(
            model_name="decreealert",
            name="campaign",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decree_alert",
                to="mailing.campaign",
                verbose_name="envoi groupé",
            ),
        ),
        migrations.RemoveField(model_name="decreealertpart", name="campaign"),
        migrations.AddField(
            model_name="decreealertpart",
            name="variant",
            field=models.PositiveIntegerField(default=0, verbose_name="version du message"),
            preserve_default=False,
        ),
        migrations.RunPython(number_parts, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="decreealertpart",
            options={
                "ordering": ["alert", "variant"],
                "verbose_name": "envoi d'une Alerte Décrets",
                "verbose_name_plural": "envois d'une Alerte Décrets",
            },
        ),
        migrations.AddConstraint(
            model_name="decreealertpart",
            constraint=models.UniqueConstraint(fields=("alert", "variant"), name="alerts_part_variant_once"),
        ),
        migrations.AddField(
            model_name="decreealertsignature",
            name="alert",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="alerts.decreealert"
            ),
        ),
        migrations.RunPython(name_the_alert_of_each_signature, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="decreealertsignature",
            name="alert",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="alerts.decreealert"
            ),
        ),
        migrations.RemoveConstraint(model_name="decreealertsignature", name="alerts_signature_once_per_part"),
        migrations.AddConstraint(
            model_name="decreealertsignature",
            constraint=models.UniqueConstraint(fields=("alert", "signature"), name="alerts_signature_once_per_alert"),
        ),
    ]
