"""Dashboard counts and the patient timeline."""

import datetime as dt

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import FormState
from ablacem.edc.selectors import dashboard_counts, patient_timeline
from tests.edc.conftest import DAY0, ITEMS, PASSWORD, enrol, treat

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def day(n):
    return DAY0 + dt.timedelta(days=n)


def test_dashboard_counts(coordinator):
    a, b = enrol(coordinator), enrol(coordinator)
    enrol(coordinator)
    treat(coordinator, a)
    treat(coordinator, b)
    services.assessment_record(
        patient=a, timepoint="baseline", assessed_on=DAY0, vas_worst=8.0, items=ITEMS, actor=Actor.staff(coordinator)
    )
    services.assessment_mark_not_done(
        patient=b, timepoint="baseline", status="missed", not_done_reason="x", actor=Actor.staff(coordinator)
    )
    services.assessment_record(
        patient=a, timepoint="w1", assessed_on=day(7), vas_worst=3.0, items=ITEMS, actor=Actor.staff(coordinator)
    )
    counts = dashboard_counts(today=day(8), actor=Actor.system())
    assert (counts["enrolled"], counts["target"], counts["procedures_done"], counts["ended"]) == (3, 40, 2, 0)
    by_tp = {row["timepoint"]: row for row in counts["completeness"]}
    assert (by_tp["baseline"]["expected"], by_tp["baseline"]["done"], by_tp["baseline"]["not_done"]) == (2, 1, 1)
    assert by_tp["baseline"]["percent"] == 50.0
    assert (by_tp["w1"]["expected"], by_tp["w1"]["done"]) == (2, 1)
    assert by_tp["m1"]["expected"] == 0 and by_tp["m1"]["percent"] is None
    # Patient b's w1 is overdue on day 8 (target day 7, window to day 10); both post visits
    # (window day 0 to 1) and both post-procedure CTs are missed.
    assert counts["worklist"]["overdue"] == 1 and counts["worklist"]["missed"] == 4
    # Enrolled without a procedure is an open consistency problem (ablacem.dataset.consistency)
    # once the wait for it is over: enrolled on day -7, waited 30 days, a problem from day 24.
    assert counts["patients_with_problems"] == 0 and counts["open_problems"] == 0
    later = dashboard_counts(today=day(24), actor=Actor.system())
    assert later["patients_with_problems"] == 1 and later["open_problems"] == 1
    assert dashboard_counts(today=day(23), actor=Actor.system())["open_problems"] == 0


def test_timeline_states(treated_patient, coordinator, investigator):
    patient, lesion, _ = treated_patient
    services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=DAY0,
        vas_worst=8.0,
        items=ITEMS,
        actor=Actor.staff(coordinator),
    )
    services.assessment_record(
        patient=patient,
        timepoint="post",
        assessed_on=DAY0,
        vas_worst=6.0,
        complete=False,
        actor=Actor.staff(coordinator),
    )
    services.imaging_record(
        lesion=lesion, timepoint="post", imaged_on=DAY0, local_status="controlled", actor=Actor.staff(coordinator)
    )
    page = patient_timeline(patient=patient, today=day(8))
    visits = {v.timepoint: v for v in page["visits"]}
    assert (visits["baseline"].state, visits["baseline"].form_state) == ("done", FormState.COMPLETE)
    assert visits["post"].form_state == FormState.IN_PROGRESS
    assert visits["w1"].state == "overdue" and visits["w1"].form_state == FormState.NOT_STARTED
    assert visits["m3"].state == "not_yet_open" and visits["m3"].target == day(90)
    assert [(les.lesion_id, scan is not None) for les, scan in visits["post"].imaging] == [("ABL-001-L1", True)]
    assert [(les.lesion_id, scan) for les, scan in visits["m3"].imaging] == [("ABL-001-L1", None)]
    assert page["forms"]["procedure"] == FormState.COMPLETE and page["forms"]["end_of_study"] == FormState.NOT_STARTED
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(investigator), confirm_open_follow_up=True
    )
    page = patient_timeline(patient=patient, today=day(8))
    assert page["signature"].signed_by == investigator
    assert {v.timepoint: v.form_state for v in page["visits"]}["baseline"] == FormState.LOCKED


def test_timeline_before_the_procedure_has_no_dates(coordinator):
    page = patient_timeline(patient=enrol(coordinator), today=DAY0)
    assert all(v.target is None and v.state is None for v in page["visits"])
    assert page["procedure"] is None


def test_timeline_flags_a_visit_done_outside_its_window(treated_patient, coordinator):
    # The 1-week window runs from day 5 to day 10 (2025-03-15 to 2025-03-20 for day 0 2025-03-10).
    patient, _, _ = treated_patient
    services.assessment_record(
        patient=patient,
        timepoint="w1",
        assessed_on=day(10),
        vas_worst=4.0,
        complete=False,
        actor=Actor.staff(coordinator),
    )
    services.assessment_record(
        patient=patient,
        timepoint="m1",
        assessed_on=day(21),
        vas_worst=3.0,
        out_of_window_reason="readmitted for a fracture",
        complete=False,
        actor=Actor.staff(coordinator),
    )
    services.assessment_mark_not_done(
        patient=patient, timepoint="m3", status="missed", not_done_reason="unreachable", actor=Actor.staff(coordinator)
    )
    visits = {v.timepoint: v for v in patient_timeline(patient=patient, today=day(100))["visits"]}
    assert visits["w1"].outside_window is False  # the last day of the window is inside it
    assert visits["m1"].outside_window is True  # day 21: the 1-month window opens on day 23
    assert visits["m3"].outside_window is False  # not done: no date to judge
    assert visits["baseline"].outside_window is False  # nothing recorded
