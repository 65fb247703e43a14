"""Every listed page runs at most as many queries with 4,000 patients as with 40, and none
builds the tidy dataset (issue 13). The cohort is cloned with bulk inserts from one patient
built through the services, so the test takes seconds, not minutes."""

from __future__ import annotations

import copy

import pytest
from django.db import connection
from django.db.models.base import ModelState
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import (
    Assessment,
    Lesion,
    OpenProblem,
    Patient,
    Procedure,
    ProcedureLesion,
    Query,
)
from ablacem.edc.selectors import tidy as tidy_module
from ablacem.edc.services.problems import problems_rebuild
from ablacem.edc.services.visit_schedule import visit_schedule_refresh

from .world import build_world, login

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend, pytest.mark.slow]


def _copy(obj, **changes):
    new = copy.copy(obj)
    new.pk = None
    new.id = None
    new._state = ModelState()
    for name, value in changes.items():
        setattr(new, name, value)
    return new


def _clone(template: dict, query: Query, start: int, stop: int) -> None:
    """Patients ``start`` to ``stop - 1`` like the template: lesion, procedure, baseline visit,
    one open query and one stored open problem each."""
    patient, lesion, visit = template["patient"], template["lesion"], template["visit"]
    session = Procedure.objects.get(patient=patient)
    treated = ProcedureLesion.objects.get(session=session)
    problem = OpenProblem(position=0, key="Enrolment · Age · age", text="Enrolment · Age: check", table="patients")
    ids = [f"SYN-{i:05d}" for i in range(start, stop)]
    patients = Patient.objects.bulk_create([_copy(patient, study_id=sid) for sid in ids], batch_size=500)
    lesions = Lesion.objects.bulk_create(
        [_copy(lesion, patient_id=p.pk, lesion_id=f"{p.study_id}-L1") for p in patients], batch_size=500
    )
    sessions = Procedure.objects.bulk_create([_copy(session, patient_id=p.pk) for p in patients], batch_size=500)
    visit_schedule_refresh(procedure_pks=[s.pk for s in sessions])  # bulk inserts skip the service
    ProcedureLesion.objects.bulk_create(
        [
            _copy(treated, session_id=s.pk, lesion_id=les.pk, procedure_id=f"{les.lesion_id}-P1")
            for s, les in zip(sessions, lesions, strict=True)
        ],
        batch_size=500,
    )
    Assessment.objects.bulk_create([_copy(visit, patient_id=p.pk) for p in patients], batch_size=500)
    Query.objects.bulk_create([_copy(query, patient_id=p.pk) for p in patients], batch_size=500)
    OpenProblem.objects.bulk_create([_copy(problem, patient_id=p.pk) for p in patients], batch_size=500)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def test_pages_run_no_more_queries_with_4000_patients_than_with_40(
    client, users, monkeypatch, django_assert_max_num_queries
):
    template = build_world(users["coordinator"])
    patient = template["patient"]
    query = services.query_open(
        kind="visit",
        record=template["visit"],
        field_name="vas_worst",
        question="Please check the worst pain.",
        actor=Actor.staff(users["data_manager"]),
    )
    problems_rebuild()  # the template's own problems (the tests' transaction runs no on-commit refresh)
    _clone(template, query, 1, 40)

    def no_tidy_dataset(*args, **kwargs):
        raise AssertionError("a page built the tidy dataset")

    monkeypatch.setattr(tidy_module, "_patients", no_tidy_dataset)
    login(client, users["data_manager"])
    urls = {
        "dashboard and worklist": reverse("edc:dashboard"),
        "worklist, second page of missed visits": reverse("edc:dashboard") + "?missed_page=2",
        "patient list": reverse("edc:patient_list"),
        "patient list, with open problems": reverse("edc:patient_list") + "?state=problems&page=2",
        "patient page": reverse("edc:patient_detail", args=[patient.pk]),
        "visit": reverse("edc:visit", args=[patient.pk, "baseline"]),
        "visit form": reverse("edc:visit_edit", args=[patient.pk, "baseline"]),
        "audit trail": reverse("edc:audit", args=[patient.pk]),
        "query list": reverse("edc:query_list"),
        "exports": reverse("edc:exports"),
    }
    with_40 = {page: _count(client, url) for page, url in urls.items()}

    _clone(template, query, 40, 4000)
    assert Patient.objects.count() == 4000
    for page, url in urls.items():
        with django_assert_max_num_queries(with_40[page]):
            response = client.get(url)
        assert response.status_code == 200, page
    missed = client.get(urls["worklist, second page of missed visits"]).content.decode()
    assert "Page 2 of" in missed
    listed = client.get(urls["patient list"]).content.decode()
    assert "SYN-00049" in listed and "SYN-00050" not in listed  # 50 a page, by study ID
