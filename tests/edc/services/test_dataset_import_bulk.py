"""The fast import stores what Django's bulk_create_with_history stored, and its chain verifies."""

from __future__ import annotations

import importlib

import pytest
from django.db import transaction
from django.db.models import Min
from simple_history.utils import bulk_create_with_history

from ablacem.edc.actors import Actor
from ablacem.edc.models import CLINICAL_MODELS, AuditChainLink, AuditEvent
from ablacem.edc.models.history import actor_attributes
from ablacem.edc.selectors import audit_chain_verify
from ablacem.edc.services import audit_chain_append, dataset_import
from ablacem.synth import generate

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

#: Columns that differ between any two imports: time stamps and the random per-patient date shift.
UNSTABLE = {"created_at", "updated_at", "history_date", "date_shift_days"}
MODELS = [*CLINICAL_MODELS, *(m.history.model for m in CLINICAL_MODELS)]


class _RollBack(Exception):
    pass


@pytest.fixture(scope="module")
def cohort():
    """30 patients: the smallest cohort of seed 5 that has a row in every table (an adverse event)."""
    cohort = generate(30, 5)
    assert all(len(table) for table in cohort.tables.values())
    return cohort


def _reference_create(model, rows, *, actor, reason):
    """The import's insert as it was before issue 13: Django's bulk_create through
    django-simple-history's bulk_create_with_history, then the history rows chained."""
    created = bulk_create_with_history(
        [model(**row) for row in rows],
        model,
        batch_size=500,
        default_user=actor.user,
        default_change_reason=reason,
        custom_historical_attrs=actor_attributes(actor),
    )
    history = model.history.model
    ids = [obj.pk for obj in created]
    pks = history.objects.filter(id__in=ids).order_by("history_id").values_list("history_id", flat=True)
    audit_chain_append(model=history, pks=list(pks))
    return ids


def _snapshot() -> dict:
    """Every row of every clinical and history table, keys made relative to the table's first key
    (so that two imports compare wherever their keys started), unstable columns left out."""
    first = {m: m._base_manager.aggregate(k=Min("pk"))["k"] or 0 for m in MODELS}
    out = {}
    for model in MODELS:
        main = getattr(model, "instance_type", model)
        columns, shifts = [], []
        for f in model._meta.concrete_fields:
            if f.attname in UNSTABLE:
                continue
            columns.append(f.attname)
            if f.primary_key:
                shifts.append(first[model])
            elif f.is_relation:
                shifts.append(first.get(f.related_model, 0))  # the user keeps its key
            else:  # a history row's ``id`` is the key of the record it copies
                shifts.append(first[main] if f.attname == "id" else 0)
        out[model._meta.db_table] = [
            tuple((v - s) if s and v is not None else v for v, s in zip(row, shifts, strict=True))
            for row in model._base_manager.order_by("pk").values_list(*columns)
        ]
    return out


def test_fast_import_stores_the_same_rows_and_history_as_bulk_create_with_history(cohort, data_manager, monkeypatch):
    actor = Actor.staff(data_manager)
    module = importlib.import_module("ablacem.edc.services.dataset_import")
    with monkeypatch.context() as patch:
        patch.setattr(module, "_create", _reference_create)
        with pytest.raises(_RollBack), transaction.atomic():
            dataset_import(source=cohort, actor=actor, reason="reference")
            reference = _snapshot()
            raise _RollBack
    dataset_import(source=cohort, actor=actor, reason="reference")
    fast = _snapshot()
    assert all(fast.values()), "a table the import leaves empty would prove nothing"
    for table, rows in reference.items():
        assert fast[table] == rows, table


def test_every_history_row_is_chained_and_the_chain_verifies(cohort):
    counts = dataset_import(source=cohort, actor=Actor.system("import"), reason="imported from cohort")
    records = sum(m.objects.count() for m in CLINICAL_MODELS)
    history_rows = sum(m.history.model.objects.count() for m in CLINICAL_MODELS)
    assert records == history_rows > sum(counts.values())
    # One link per history row, and one for the audit event saying who imported what.
    assert AuditChainLink.objects.count() == history_rows + AuditEvent.objects.count() == history_rows + 1
    report = audit_chain_verify()
    assert report.ok, report.problem
    assert report.records == history_rows + 1


def test_history_rows_name_the_importer_the_channel_and_the_reason(cohort, data_manager):
    dataset_import(source=cohort, actor=Actor.system("import", user=data_manager), reason="imported from cohort")
    for model in CLINICAL_MODELS:
        rows = model.history.model.objects.values_list(
            "history_type", "history_user_id", "history_change_reason", "actor_kind", "actor_name"
        )
        assert set(rows) == {("+", data_manager.pk, "imported from cohort", "system", "import")}, model.__name__
