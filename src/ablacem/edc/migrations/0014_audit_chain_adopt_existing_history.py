"""Chain the history rows written before the audit chain existed, oldest first.

A database created before 0006 already holds history rows; without links ``ablacem audit
verify`` would report each as "not in the chain". Their content is hashed as it is stored now:
the chain guards them from this migration on. (Uses the live append service: on a fresh
database there is nothing to adopt and it is not called.)
"""

from django.db import migrations


def adopt_existing_history(apps, schema_editor):
    from simple_history.models import HistoricalChanges

    from ablacem.edc.services.audit_chain import audit_chain_append

    history_models = sorted(
        (m for m in apps.get_models() if issubclass(m, HistoricalChanges)), key=lambda m: m._meta.db_table
    )
    for model in history_models:
        pks = list(model._base_manager.order_by("history_date", "pk").values_list("pk", flat=True))
        audit_chain_append(model=model, pks=pks)


class Migration(migrations.Migration):
    dependencies = [("edc", "0013_whole_change_reasons_of_new_forms")]

    operations = [migrations.RunPython(adopt_existing_history, migrations.RunPython.noop)]
