"""Time the EDC's pages at cohort size: per page, milliseconds and SQL queries; EXPLAIN on PostgreSQL.

Imports a synthetic cohort (200 patients) through ``dataset_import``, clones it with bulk
inserts up to N patients (default 10,000: patients, identities, lesions, procedures, visits,
adverse events, one open query each), rebuilds the stored open problems (``ablacem problems
rebuild``, timed) and the stored visit schedule, then requests each page as a data manager
(median of a few requests).
Targets (issue 13): the query count of a page does not depend on N; reads p95 < 100 ms under
load (the locust benchmark measures that; this prints single-user times).

Run with ``.venv/bin/python benchmarks/pages.py [PATIENTS]`` (a temporary SQLite database), or
with ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pages`` for PostgreSQL (an
existing database, emptied first), which also prints the query plans of the pages' main
queries (after ANALYZE), to show the indexes used.
"""

from __future__ import annotations

import copy
import os
import statistics
import sys
import tempfile
import time

PATIENTS = 10_000
SEED_COHORT = 200
REPEATS = 5


def _copy(obj, **changes):
    from django.db.models.base import ModelState

    new = copy.copy(obj)
    new.pk = None
    new.id = None
    new._state = ModelState()
    for name, value in changes.items():
        setattr(new, name, value)
    return new


def _grow(target: int) -> None:
    """Clone the imported patients (with their lesions, procedures, visits, events) up to ``target``."""
    from ablacem.edc.models import (
        AdverseEvent,
        Assessment,
        Lesion,
        Patient,
        PatientIdentity,
        Procedure,
        ProcedureLesion,
    )

    seed = list(Patient.objects.order_by("pk"))
    by_patient = {
        "identity": {i.patient_id: i for i in PatientIdentity.objects.all()},
        "lesions": {},
        "session": {s.patient_id: s for s in Procedure.objects.all()},
        "treated": {},
        "visits": {},
        "events": {},
    }
    for les in Lesion.objects.all():
        by_patient["lesions"].setdefault(les.patient_id, []).append(les)
    for t in ProcedureLesion.objects.select_related("session"):
        by_patient["treated"].setdefault(t.session.patient_id, []).append(t)
    for v in Assessment.objects.all():
        by_patient["visits"].setdefault(v.patient_id, []).append(v)
    for e in AdverseEvent.objects.all():
        by_patient["events"].setdefault(e.patient_id, []).append(e)
    made, batch = len(seed), 0
    while made < target:
        batch += 1
        chunk = seed[: target - made]
        new_ids = {p.pk: f"C{batch:03d}-{p.study_id}" for p in chunk}
        patients = {
            p.pk: n
            for p, n in zip(
                chunk,
                Patient.objects.bulk_create([_copy(p, study_id=new_ids[p.pk]) for p in chunk], batch_size=500),
                strict=True,
            )
        }

        def renamed(text: str, old_pk: int, old_sid: str, new_ids=new_ids) -> str:
            return text.replace(old_sid, new_ids[old_pk])

        PatientIdentity.objects.bulk_create(
            [
                _copy(by_patient["identity"][pk], patient_id=n.pk)
                for pk, n in patients.items()
                if pk in by_patient["identity"]
            ],
            batch_size=500,
        )
        old_lesions = [(pk, les) for pk in patients for les in by_patient["lesions"].get(pk, [])]
        sids = {p.pk: p.study_id for p in chunk}
        new_lesions = Lesion.objects.bulk_create(
            [
                _copy(les, patient_id=patients[pk].pk, lesion_id=renamed(les.lesion_id, pk, sids[pk]))
                for pk, les in old_lesions
            ],
            batch_size=500,
        )
        lesion_map = {les.pk: new.pk for (_, les), new in zip(old_lesions, new_lesions, strict=True)}
        old_sessions = [(pk, by_patient["session"][pk]) for pk in patients if pk in by_patient["session"]]
        new_sessions = Procedure.objects.bulk_create(
            [_copy(s, patient_id=patients[pk].pk) for pk, s in old_sessions], batch_size=500
        )
        session_map = {s.pk: new.pk for (_, s), new in zip(old_sessions, new_sessions, strict=True)}
        ProcedureLesion.objects.bulk_create(
            [
                _copy(
                    t,
                    session_id=session_map[t.session_id],
                    lesion_id=lesion_map[t.lesion_id],
                    procedure_id=renamed(t.procedure_id, pk, sids[pk]),
                )
                for pk in patients
                for t in by_patient["treated"].get(pk, [])
            ],
            batch_size=500,
        )
        Assessment.objects.bulk_create(
            [_copy(v, patient_id=patients[pk].pk) for pk in patients for v in by_patient["visits"].get(pk, [])],
            batch_size=500,
        )
        AdverseEvent.objects.bulk_create(
            [
                _copy(
                    e,
                    patient_id=patients[pk].pk,
                    lesion_id=lesion_map.get(e.lesion_id),
                    ae_id=renamed(e.ae_id, pk, sids[pk]),
                )
                for pk in patients
                for e in by_patient["events"].get(pk, [])
            ],
            batch_size=500,
        )
        made += len(chunk)


def _queries(user) -> None:
    """One open query per patient, on its enrolment form."""
    from ablacem.edc.models import Patient, Query

    Query.objects.bulk_create(
        [
            Query(
                patient_id=pk,
                form="enrolment",
                record_pk=pk,
                question="Please check the ECOG.",
                opened_by=user,
                opener_role="data_manager",
            )
            for pk in Patient.objects.values_list("pk", flat=True)
        ],
        batch_size=1000,
    )


def _pages(patient, visit_tp: str) -> dict[str, str]:
    from django.urls import reverse

    return {
        "dashboard + worklist": reverse("edc:dashboard"),
        "patient list": reverse("edc:patient_list"),
        "patient list, problems": reverse("edc:patient_list") + "?state=problems",
        "patient list, search": reverse("edc:patient_list") + "?q=0042",
        "patient page": reverse("edc:patient_detail", args=[patient.pk]),
        "visit page": reverse("edc:visit", args=[patient.pk, visit_tp]),
        "visit form": reverse("edc:visit_edit", args=[patient.pk, visit_tp]),
        "audit trail": reverse("edc:audit", args=[patient.pk]),
        "query list": reverse("edc:query_list"),
        "exports": reverse("edc:exports"),
    }


def _explain(actor) -> None:
    """EXPLAIN of the pages' main queries (PostgreSQL)."""
    from django.db.models import Q

    from ablacem.edc.models import OpenProblem, Patient, Query
    from ablacem.edc.selectors.problems import patients_with_problems, stored_problems

    patient = Patient.objects.order_by("-pk").first()
    plans = {
        "patient list page": Patient.objects.active().order_by("study_id")[:50],
        "patient list, with problems": Patient.objects.active()
        .filter(pk__in=patients_with_problems(actor=actor))
        .order_by("study_id")[:50],
        "open problems count": stored_problems(actor=actor).values("patient_id"),
        "one patient's problems": OpenProblem.objects.filter(patient_id=patient.pk).filter(
            Q(shown_from__isnull=True) | Q(shown_from__lte="2026-12-01")
        ),
        "open queries, oldest first": Query.objects.filter(state="open").order_by("created_at")[:50],
        "a record's queries": Query.objects.filter(form="enrolment", record_pk=patient.pk),
    }
    for title, queryset in plans.items():
        print(f"\n-- EXPLAIN {title}")
        print(queryset.explain())


def main(patients: int = PATIENTS) -> int:
    """Build the cohort, print per page the median milliseconds and the number of queries."""
    tmp = tempfile.mkdtemp()
    os.environ.setdefault("ABLACEM_DATA_DIR", tmp)
    os.environ["DJANGO_SETTINGS_MODULE"] = "ablacem.project.settings.local"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from ablacem.edc.actors import Actor
    from ablacem.edc.models import Assessment, Patient
    from ablacem.edc.services import dataset_import, user_create
    from ablacem.edc.services.problems import problems_rebuild, problems_refresh
    from ablacem.edc.services.visit_schedule import visit_schedule_rebuild
    from ablacem.synth import generate

    setup_test_environment()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    t0 = time.perf_counter()
    dataset_import(source=generate(min(patients, SEED_COHORT), 1), actor=Actor.system("import"), reason="benchmark")
    _grow(patients)
    user = user_create(
        username="bench_dm", role="data_manager", password="bench-pages-password-1", actor=Actor.system("bench")
    )
    _queries(user)
    print(f"{Patient.objects.count()} patients built in {time.perf_counter() - t0:.1f} s ({connection.vendor})")
    t1 = time.perf_counter()
    stored = problems_rebuild(actor=Actor.system("benchmark"))
    print(f"ablacem problems rebuild: {stored} open problems in {time.perf_counter() - t1:.1f} s")
    t1 = time.perf_counter()
    scheduled = visit_schedule_rebuild()  # the clones were bulk-inserted, past the procedure service
    print(f"visit schedule rebuilt: {scheduled} scheduled visits in {time.perf_counter() - t1:.1f} s")

    one = Patient.objects.order_by("-pk").values_list("pk", flat=True).first()
    refresh = []
    for _ in range(REPEATS):
        t2 = time.perf_counter()
        problems_refresh(patient_pks=[one])
        refresh.append(1000 * (time.perf_counter() - t2))
    print(f"one patient's problems recomputed after a save: median {statistics.median(refresh):.0f} ms")

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    visit = Assessment.objects.filter(status="done").order_by("-patient_id").first()
    print(f"\n{'page':32} {'median ms':>10} {'max ms':>8} {'queries':>8} {'KiB':>6}")
    for title, url in _pages(visit.patient, visit.timepoint).items():
        times = []
        for _ in range(REPEATS):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append(1000 * (time.perf_counter() - start))
            if response.status_code != 200:
                print(f"{title}: HTTP {response.status_code}", file=sys.stderr)
                return 1
        size = len(response.content) / 1024
        print(f"{title:32} {statistics.median(times):10.0f} {max(times):8.0f} {len(queries):8d} {size:6.0f}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the planner's statistics after the bulk load
        _explain(Actor.staff(user))
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else PATIENTS))
