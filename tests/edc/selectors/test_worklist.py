"""Worklist states on fixed dates (windows from ablacem.protocol: post day 0, w1 5-10, m1 23-40, m3 76-110)."""

import datetime as dt

import pytest

from ablacem.edc import services
from ablacem.edc.selectors import patient_timeline, worklist
from tests.edc.conftest import DAY0, ITEMS, enrol, treat

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def day(n):
    return DAY0 + dt.timedelta(days=n)


def buckets(today):
    return {(r.study_id, r.timepoint): r.bucket for r in worklist(today=today)}


@pytest.fixture
def followed(treated_patient, coordinator):
    patient, _, _ = treated_patient
    services.assessment_record(
        patient=patient, timepoint="baseline", assessed_on=DAY0, vas_worst=8.0, items=ITEMS, user=coordinator
    )
    return patient


def test_buckets_move_with_the_days(followed):
    assert buckets(day(3)) == {
        ("ABL-001", "post"): "missed",  # the post visit's window is the procedure day only
        ("ABL-001", "w1"): "this_week",  # target day 7 is 4 days away
        ("ABL-001", "m1"): "upcoming",
        ("ABL-001", "m3"): "upcoming",
    }
    assert buckets(day(7))[("ABL-001", "w1")] == "due_today"
    assert buckets(day(8))[("ABL-001", "w1")] == "overdue"
    assert buckets(day(10))[("ABL-001", "w1")] == "overdue"
    assert buckets(day(11))[("ABL-001", "w1")] == "missed"
    assert buckets(day(0))[("ABL-001", "post")] == "due_today"


def test_recorded_visits_leave_the_worklist(followed, coordinator):
    services.assessment_record(
        patient=followed, timepoint="post", assessed_on=DAY0, vas_worst=5.0, items=ITEMS, user=coordinator
    )
    services.assessment_mark_not_done(
        patient=followed, timepoint="w1", status="missed", not_done_reason="no answer", user=coordinator
    )
    assert set(buckets(day(8))) == {("ABL-001", "m1"), ("ABL-001", "m3")}


def test_row_carries_target_and_window(followed):
    row = next(r for r in worklist(today=day(3)) if r.timepoint == "m1")
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
        user=coordinator,
    )
    other = enrol(coordinator)
    treat(coordinator, other)
    other.refresh_from_db()
    services.end_of_study_record(
        patient=other, end_reason="withdrew", end_date=day(4), expected_version=other.version, user=coordinator
    )
    due = buckets(day(30))
    assert ("ABL-001", "m1") not in due and ("ABL-001", "m3") not in due
    assert ("ABL-001", "w1") in due  # its window opened before the death: still to be recorded or marked
    assert not any(key[0] == "ABL-002" and key[1] in ("w1", "m1", "m3") for key in due)


def test_no_schedule_before_the_procedure(coordinator):
    enrol(coordinator)
    assert worklist(today=DAY0) == []


def test_query_count_does_not_grow_with_patients(coordinator, django_assert_max_num_queries):
    for _ in range(3):
        treat(coordinator, enrol(coordinator))
    with django_assert_max_num_queries(2):
        assert len(worklist(today=day(3))) == 15


def test_a_death_inside_an_open_window_makes_the_visit_missed_not_due(followed, coordinator):
    # m1 window: day 23 to 40, target day 30. On day 26 it is due this week...
    assert buckets(day(26))[("ABL-001", "m1")] == "this_week"
    followed.refresh_from_db()
    services.end_of_study_record(
        patient=followed,
        end_reason="died",
        end_date=day(25),
        death_date=day(25),
        expected_version=followed.version,
        user=coordinator,
    )
    # ...but the patient died on day 25: nobody is to be seen; the visit is to be marked not done.
    due = buckets(day(26))
    assert due[("ABL-001", "m1")] == "missed"
    assert ("ABL-001", "m3") not in due  # window opens on day 76, after the death
    followed.refresh_from_db()
    visits = {v.timepoint: v.state for v in patient_timeline(patient=followed, today=day(26))["visits"]}
    assert (visits["m1"], visits["m3"], visits["baseline"]) == ("missed", "not_expected", "done")
