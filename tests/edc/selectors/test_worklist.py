"""Worklist states on fixed dates (windows from ablacem.protocol: post 0-1, w1 5-10, m1 23-40, m3 76-110)."""

import datetime as dt

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.selectors import patient_timeline, worklist
from tests.edc.conftest import DAY0, ITEMS, enrol, treat

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def day(n):
    return DAY0 + dt.timedelta(days=n)


def buckets(today):
    """Visits only: ``{(study ID, timepoint): bucket}``."""
    return {
        (r.study_id, r.timepoint): r.bucket for r in worklist(today=today, actor=Actor.system()) if r.kind == "visit"
    }


def ct_buckets(today):
    """CTs only: ``{(lesion ID, timepoint): bucket}``."""
    return {(r.lesion_id, r.timepoint): r.bucket for r in worklist(today=today, actor=Actor.system()) if r.kind == "ct"}


@pytest.fixture
def followed(treated_patient, coordinator):
    patient, _, _ = treated_patient
    services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=DAY0,
        vas_worst=8.0,
        items=ITEMS,
        actor=Actor.staff(coordinator),
    )
    return patient


def test_buckets_move_with_the_days(followed):
    assert buckets(day(3)) == {
        ("ABL-001", "post"): "missed",  # the post visit's window is the procedure day and the next
        ("ABL-001", "w1"): "this_week",  # target day 7 is 4 days away
        ("ABL-001", "m1"): "upcoming",
        ("ABL-001", "m3"): "upcoming",
    }
    assert buckets(day(7))[("ABL-001", "w1")] == "due_today"
    assert buckets(day(8))[("ABL-001", "w1")] == "overdue"
    assert buckets(day(10))[("ABL-001", "w1")] == "overdue"
    assert buckets(day(11))[("ABL-001", "w1")] == "missed"
    assert buckets(day(0))[("ABL-001", "post")] == "due_today"


def test_a_post_procedure_visit_the_next_morning_is_overdue_not_missed(followed):
    # Patients often stay overnight: day +1 is inside the post-procedure window (issue 8).
    assert buckets(day(1))[("ABL-001", "post")] == "overdue"
    assert buckets(day(2))[("ABL-001", "post")] == "missed"


def test_ct_scans_due_overdue_and_missed_are_on_the_worklist(followed, coordinator):
    lesion = followed.lesions.get()
    assert ct_buckets(day(0)) == {("ABL-001-L1", "post"): "due_today", ("ABL-001-L1", "m3"): "upcoming"}
    assert ct_buckets(day(1))[("ABL-001-L1", "post")] == "overdue"
    assert ct_buckets(day(2))[("ABL-001-L1", "post")] == "missed"
    assert ct_buckets(day(95))[("ABL-001-L1", "m3")] == "overdue"
    assert ct_buckets(day(111))[("ABL-001-L1", "m3")] == "missed"
    row = next(r for r in worklist(today=day(2), actor=Actor.system()) if r.kind == "ct")
    assert (row.lesion_pk, row.label, row.window_lower, row.window_upper) == (
        lesion.pk,
        "Post-procedure",
        day(0),
        day(1),
    )
    services.imaging_record(
        lesion=lesion, timepoint="post", imaged_on=DAY0, local_status="controlled", actor=Actor.staff(coordinator)
    )
    assert set(ct_buckets(day(2))) == {("ABL-001-L1", "m3")}


def test_no_ct_is_due_after_the_study_ended_before_it(followed, coordinator):
    followed.refresh_from_db()
    services.end_of_study_record(
        patient=followed,
        end_reason="died",
        end_date=day(40),
        death_date=day(40),
        expected_version=followed.version,
        actor=Actor.staff(coordinator),
    )
    assert ("ABL-001-L1", "m3") not in ct_buckets(day(100))


def test_recorded_visits_leave_the_worklist(followed, coordinator):
    services.assessment_record(
        patient=followed, timepoint="post", assessed_on=DAY0, vas_worst=5.0, items=ITEMS, actor=Actor.staff(coordinator)
    )
    services.assessment_mark_not_done(
        patient=followed, timepoint="w1", status="missed", not_done_reason="no answer", actor=Actor.staff(coordinator)
    )
    assert set(buckets(day(8))) == {("ABL-001", "m1"), ("ABL-001", "m3")}


def test_row_carries_target_and_window(followed):
    row = next(r for r in worklist(today=day(3), actor=Actor.system()) if r.timepoint == "m1")
    assert (row.target, row.window_lower, row.window_upper) == (day(30), day(23), day(40))
    assert row.patient_pk == followed.pk and row.label == "1 month"


def test_nothing_is_due_after_death_or_withdrawal(followed, coordinator):
    followed.refresh_from_db()
    services.end_of_study_record(
        patient=followed,
        end_reason="died",
        end_date=day(20),
        death_date=day(20),
        expected_version=followed.version,
        actor=Actor.staff(coordinator),
    )
    other = enrol(coordinator)
    treat(coordinator, other)
    other.refresh_from_db()
    services.end_of_study_record(
        patient=other,
        end_reason="withdrew",
        end_date=day(4),
        expected_version=other.version,
        actor=Actor.staff(coordinator),
    )
    due = buckets(day(30))
    assert ("ABL-001", "m1") not in due and ("ABL-001", "m3") not in due
    assert ("ABL-001", "w1") in due  # its window opened before the death: still to be recorded or marked
    assert not any(key[0] == "ABL-002" and key[1] in ("w1", "m1", "m3") for key in due)


def test_no_schedule_before_the_procedure(coordinator):
    enrol(coordinator)
    assert worklist(today=DAY0, actor=Actor.system()) == []


def test_query_count_does_not_grow_with_patients(coordinator, django_assert_max_num_queries):
    for _ in range(3):
        treat(coordinator, enrol(coordinator))
    with django_assert_max_num_queries(4):
        rows = worklist(today=day(3), actor=Actor.system())
    # five visits and two CTs (post, 3 months) per patient
    assert len(rows) == 3 * 7 and sum(r.kind == "ct" for r in rows) == 6


def test_a_death_before_the_target_day_makes_the_visit_not_expected(followed, coordinator):
    # m1 window: day 23 to 40, target day 30. On day 26 it is due this week...
    assert buckets(day(26))[("ABL-001", "m1")] == "this_week"
    followed.refresh_from_db()
    services.end_of_study_record(
        patient=followed,
        end_reason="died",
        end_date=day(25),
        death_date=day(25),
        expected_version=followed.version,
        actor=Actor.staff(coordinator),
    )
    # ...but the patient died on day 25, before the target day: the visit is not expected any
    # more (the rule of ablacem.protocol.windows.visit_state, the same as the analysis's).
    due = buckets(day(26))
    assert ("ABL-001", "m1") not in due
    assert ("ABL-001", "m3") not in due
    followed.refresh_from_db()
    visits = {v.timepoint: v.state for v in patient_timeline(patient=followed, today=day(26))["visits"]}
    assert (visits["m1"], visits["m3"], visits["baseline"]) == ("not_expected", "not_expected", "done")


def test_a_withdrawal_after_the_target_day_makes_an_open_visit_missed(followed, coordinator):
    # m1 target day 30, window to day 40; the patient withdrew on day 32 without being seen.
    followed.refresh_from_db()
    services.end_of_study_record(
        patient=followed,
        end_reason="withdrew",
        end_date=day(32),
        expected_version=followed.version,
        actor=Actor.staff(coordinator),
    )
    assert buckets(day(33))[("ABL-001", "m1")] == "missed"
