"""Every history row records who acted: the actor's kind (staff, patient, API, system) and name."""

from django.db import migrations, models

HISTORICAL_MODELS = (
    "historicaladverseevent",
    "historicalanalgesic",
    "historicalassessment",
    "historicalcasebooksignature",
    "historicalimaging",
    "historicallesion",
    "historicalpatient",
    "historicalpatientidentity",
    "historicalprocedure",
    "historicalprocedurelesion",
)
ACTOR_KINDS = [("staff", "staff"), ("patient", "patient"), ("api", "api"), ("system", "system")]


def _fields(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
            name="actor_kind",
            field=models.CharField(
                blank=True, choices=ACTOR_KINDS, default="", max_length=10, verbose_name="Acting as"
            ),
        ),
        migrations.AddField(
            model_name=model_name,
            name="actor_name",
            field=models.CharField(blank=True, default="", max_length=150, verbose_name="Actor"),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("edc", "0004_field_registry"),
    ]

    operations = [op for model_name in HISTORICAL_MODELS for op in _fields(model_name)]
