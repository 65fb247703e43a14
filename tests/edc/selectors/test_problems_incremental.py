"""The stored open problems: refreshing only the patients whose rows changed gives what a full
recomputation gives, after random edits of every kind of record (including one that breaks the
dataset schema and a soft deletion)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import (
    AdverseEvent,
    Assessment,
    Lesion,
    OpenProblem,
    Patient,
    Procedure,
    ProcedureLesion,
    StaleProblems,
)
from ablacem.edc.selectors.problems import open_problem_items
from ablacem.edc.services.problems import problems_rebuild, problems_refresh
from ablacem.synth import generate

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def _snapshot() -> list[tuple]:
    return list(
        OpenProblem.objects.order_by("patient__study_id", "position").values_list(
            "patient__study_id", "position", "key", "text", "table", "column", "row", "shown_from"
        )
    )


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _edit(rng: random.Random) -> int:
    """One random edit made in SQL (as a restore or a bug could); returns the patient's key."""
    kind = rng.choice(
        ["visit_date", "pain", "status", "sins", "size", "day0", "leak", "died", "onset", "reason", "del"]
    )
    if kind in ("visit_date", "pain", "status", "reason"):
        visit = rng.choice(list(Assessment.objects.active().exclude(assessed_on=None)))
        change = {
            "visit_date": {"assessed_on": visit.assessed_on + _days(rng.choice([-40, -3, 5, 60]))},
            "pain": {"vas_average": 10.0, "vas_worst": 2.0},
            "status": {"status": "missed"},
            "reason": {"out_of_window_reason": "seen elsewhere"},
        }[kind]
        Assessment.objects.filter(pk=visit.pk).update(**change)
        return visit.patient_id
    if kind in ("sins", "size"):
        lesion = rng.choice(list(Lesion.objects.active()))
        change = {"sins_total": 1} if kind == "sins" else {"size_mm": 500.0}  # 500 mm: a schema problem
        Lesion.objects.filter(pk=lesion.pk).update(**change)
        return lesion.patient_id
    if kind == "day0":
        session = rng.choice(list(Procedure.objects.active()))
        Procedure.objects.filter(pk=session.pk).update(
            procedure_date=session.procedure_date + _days(rng.choice([-9, 9]))
        )
        return session.patient_id
    if kind == "leak":
        treated = rng.choice(list(ProcedureLesion.objects.active().select_related("session")))
        ProcedureLesion.objects.filter(pk=treated.pk).update(cement_leakage=True, leakage_type="")
        return treated.session.patient_id
    if kind == "onset" and AdverseEvent.objects.active().exists():
        event = rng.choice(list(AdverseEvent.objects.active()))
        AdverseEvent.objects.filter(pk=event.pk).update(onset_date=dt.date(2020, 1, 1))
        return event.patient_id
    patient = rng.choice(list(Patient.objects.active()))
    change = {"is_deleted": True} if kind == "del" else {"end_reason": "died", "death_date": None}
    Patient.objects.filter(pk=patient.pk).update(**change)
    return patient.pk


@pytest.mark.parametrize("seed", [1, 2])
def test_refreshing_the_edited_patients_equals_a_full_rebuild(seed):
    services.dataset_import(source=generate(14, seed), actor=Actor.system("import"))
    rng = random.Random(seed)
    lesion = Lesion.objects.active().order_by("pk").first()
    Lesion.objects.filter(pk=lesion.pk).update(size_mm=500.0)  # a schema problem in every run
    edited = {lesion.patient_id}
    for _round in range(3):
        edited |= {_edit(rng) for _ in range(rng.randint(2, 5))}
        problems_refresh(patient_pks=edited)
        incremental = _snapshot()
        problems_rebuild()
        assert _snapshot() == incremental
        edited = set()
    assert any("Largest diameter" in text for _, _, _, text, *_ in incremental)
    assert not StaleProblems.objects.exists()


def test_an_import_stores_the_problems_of_its_patients():
    ds = generate(8, 4)
    ds.assessments.loc[ds.assessments["status"] == "done", "vas_average"] = 10.0  # above worst pain
    ds.assessments.loc[ds.assessments["status"] == "done", "vas_worst"] = 1.0
    services.dataset_import(source=ds, actor=Actor.system("import"))
    stored = _snapshot()
    assert any("above worst pain" in r[3] for r in stored)
    problems_rebuild()
    assert _snapshot() == stored


def test_a_problem_that_waits_is_stored_once_and_read_by_day(coordinator):
    from tests.edc.conftest import enrol

    patient = enrol(coordinator)  # no procedure
    problems_refresh(patient_pks=[patient.pk])
    (row,) = OpenProblem.objects.filter(patient=patient)
    waited = patient.enrolled_on + _days(31)
    assert row.shown_from == waited
    assert open_problem_items(as_of=waited - _days(1)) == []
    assert [p.key for p in open_problem_items(as_of=waited)] == [row.key]
    assert OpenProblem.objects.count() == 1  # read by day, never recomputed


def test_a_stale_patient_is_caught_up_by_the_next_read(coordinator):
    from tests.edc.conftest import enrol

    patient = enrol(coordinator)
    OpenProblem.objects.all().delete()
    StaleProblems.objects.update_or_create(patient=patient)
    assert [p.study_id for p in open_problem_items(as_of=dt.date(2100, 1, 1))] == [patient.study_id]
    assert not StaleProblems.objects.exists()
