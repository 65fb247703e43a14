"""Stored open problems; every existing patient is marked stale, so the first read computes them
(or run ``ablacem problems rebuild``). Indexes for the patient list and the query list."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def mark_every_patient_stale(apps, schema_editor):
    Patient = apps.get_model("edc", "Patient")
    StaleProblems = apps.get_model("edc", "StaleProblems")
    StaleProblems.objects.bulk_create(
        [StaleProblems(patient_id=pk) for pk in Patient.objects.values_list("pk", flat=True)], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("edc", "0015_report_build"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="OpenProblem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveIntegerField()),
                ("key", models.CharField(max_length=500)),
                ("text", models.TextField()),
                ("table", models.CharField(blank=True, default="", max_length=40)),
                ("column", models.CharField(blank=True, default="", max_length=60)),
                ("row", models.JSONField(blank=True, default=list)),
                ("shown_from", models.DateField(blank=True, null=True)),
            ],
            options={
                "ordering": ["patient_id", "position"],
            },
        ),
        migrations.CreateModel(
            name="StaleProblems",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("marked_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
            ],
        ),
        migrations.AddIndex(
            model_name="patient",
            index=models.Index(fields=["is_deleted", "study_id"], name="edc_patient_active_study_id"),
        ),
        migrations.AddIndex(
            model_name="query",
            index=models.Index(fields=["state", "created_at"], name="edc_query_state_created"),
        ),
        migrations.AddIndex(
            model_name="query",
            index=models.Index(fields=["form", "record_pk"], name="edc_query_form_record"),
        ),
        migrations.AddField(
            model_name="openproblem",
            name="patient",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="open_problems", to="edc.patient"
            ),
        ),
        migrations.AddField(
            model_name="staleproblems",
            name="patient",
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="edc.patient"),
        ),
        migrations.AddIndex(
            model_name="openproblem",
            index=models.Index(fields=["patient", "position"], name="edc_openproblem_patient"),
        ),
        migrations.AddIndex(
            model_name="openproblem",
            index=models.Index(fields=["shown_from"], name="edc_openproblem_shown_from"),
        ),
        migrations.RunPython(mark_every_patient_stale, migrations.RunPython.noop),
    ]
