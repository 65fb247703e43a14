"""Open edit-check problems per patient, and the timeline's fixed query count."""

import datetime as dt

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Patient
from ablacem.edc.selectors import open_problems, patient_timeline
from ablacem.edc.services.problems import problems_refresh
from ablacem.synth import generate
from tests.edc.conftest import DAY0, ITEMS, enrol, treat

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_an_imported_visit_outside_its_window_is_open_until_explained(coordinator):
    ds = generate(12, 3)
    a = ds.assessments
    done_w1 = a.index[(a["timepoint"] == "w1") & (a["status"] == "done")]
    row = done_w1[0]
    patient_id = a.at[row, "patient_id"]
    day0 = ds.procedures.loc[ds.procedures["patient_id"] == patient_id, "procedure_date"].iloc[0]
    a.at[row, "assessed_on"] = day0 + dt.timedelta(days=12)  # one w1 late (window ends day 10)
    services.dataset_import(source=ds, actor=Actor.system("import"))
    problems = open_problems()
    late = day0 + dt.timedelta(days=12)
    message = f"1 week visit · Assessment date: the 1 week visit on {late:%Y-%m-%d} is outside its window"
    assert message in problems[patient_id]

    patient = Patient.objects.get(study_id=patient_id)
    visit = patient.assessments.get(timepoint="w1")
    services.assessment_record(
        patient=patient,
        timepoint="w1",
        assessed_on=visit.assessed_on,
        vas_worst=visit.vas_worst,
        vas_average=visit.vas_average,
        items={f"q{i}": getattr(visit, f"q{i}") for i in range(1, 31)},
        analgesics=[
            {f: getattr(x, f) for f in ("drug", "route", "dose", "unit", "per_day")}
            for x in visit.analgesics.filter(is_deleted=False).order_by("position")
        ],
        out_of_window_reason="patient admitted elsewhere",
        expected_version=visit.version,
        reason="late visit explained",
        actor=Actor.staff(coordinator),
    )
    assert message not in open_problems().get(patient_id, [])


def test_patient_without_procedure_is_flagged_once_the_wait_is_long(coordinator):
    patient = enrol(coordinator)  # enrolled a week before DAY0
    flagged = {"ABL-001": ["Enrolment · Study ID: patient ABL-001 has no procedure"]}
    assert open_problems(as_of=patient.enrolled_on + dt.timedelta(days=31)) == flagged
    assert open_problems(as_of=patient.enrolled_on + dt.timedelta(days=30)) == {}  # still waiting


def test_timeline_query_count_is_fixed(coordinator, django_assert_num_queries):
    patient = enrol(coordinator)
    treat(coordinator, patient)
    services.lesion_create(patient=patient, site="L4", lesion_type="mixed", actor=Actor.staff(coordinator))
    for tp, n in (("baseline", 0), ("post", 0), ("w1", 7)):
        services.assessment_record(
            patient=patient,
            timepoint=tp,
            assessed_on=DAY0 + dt.timedelta(days=n),
            vas_worst=5.0,
            items=ITEMS,
            actor=Actor.staff(coordinator),
        )
    patient.refresh_from_db()
    with django_assert_num_queries(7):
        patient_timeline(patient=patient, today=DAY0 + dt.timedelta(days=8))


def test_schema_problems_are_listed_not_raised(treated_patient):
    _, lesion, _ = treated_patient
    type(lesion).objects.filter(pk=lesion.pk).update(size_mm=500.0)  # bypasses the services' edit checks
    problems_refresh(patient_pks=[lesion.patient_id])  # what a change outside the services needs
    problems = open_problems()
    assert [m for m in problems["ABL-001"] if m.startswith("Lesion ABL-001-L1 · Largest diameter:")]
