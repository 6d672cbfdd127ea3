"""EventSubmission on the shared `core.models.Submission`: the editor's comment is its `decision_reason`,
the field names and labels are the shared ones, and what the agenda's own decision emails needed
(`notified_at`, `workflow_state`) goes: `core.submissions` decides by page and status."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0005_event_body_shared_blocks"),
    ]

    operations = [
        migrations.RenameField(
            model_name="eventsubmission",
            old_name="decision_comment",
            new_name="decision_reason",
        ),
        migrations.AlterField(
            model_name="eventsubmission",
            name="decision_reason",
            field=models.TextField(blank=True, verbose_name="motif de la décision"),
        ),
        migrations.RemoveField(
            model_name="eventsubmission",
            name="notified_at",
        ),
        migrations.RemoveField(
            model_name="eventsubmission",
            name="workflow_state",
        ),
        migrations.AlterField(
            model_name="eventsubmission",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="adresse confirmée le"),
        ),
        migrations.AlterField(
            model_name="eventsubmission",
            name="created_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="reçue le"
            ),
        ),
        migrations.AlterField(
            model_name="eventsubmission",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="décision le"),
        ),
        migrations.AlterField(
            model_name="eventsubmission",
            name="email",
            field=models.EmailField(max_length=254, verbose_name="adresse électronique"),
        ),
        migrations.AlterField(
            model_name="eventsubmission",
            name="status",
            field=models.CharField(
                choices=[
                    ("awaiting_confirmation", "adresse à confirmer"),
                    ("in_review", "en cours de modération"),
                    ("published", "publiée"),
                    ("refused", "refusée"),
                    ("expired", "expirée"),
                ],
                db_index=True,
                default="awaiting_confirmation",
                max_length=24,
                verbose_name="état",
            ),
        ),
        migrations.AlterField(
            model_name="eventoccurrence",
            name="live",
            field=models.BooleanField(default=False, verbose_name="visible du public"),
        ),
    ]
