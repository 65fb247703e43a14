"""The post-procedure visit the next morning is inside its window (issue 8): no reason asked, no problem listed."""

import datetime as dt

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.selectors import open_problems, patient_timeline
from tests.edc.conftest import DAY0, ITEMS

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_a_post_procedure_visit_the_next_morning_needs_no_out_of_window_reason(treated_patient, coordinator):
    patient, _, _ = treated_patient
    next_morning = DAY0 + dt.timedelta(days=1)
    visit = services.assessment_record(
        patient=patient,
        timepoint="post",
        assessed_on=next_morning,
        vas_worst=3.0,
        items=ITEMS,
        actor=Actor.staff(coordinator),
    )
    assert visit.out_of_window_reason == ""
    visits = {v.timepoint: v for v in patient_timeline(patient=patient, today=next_morning)["visits"]}
    assert visits["post"].outside_window is False
    assert not any("window" in message for message in open_problems().get(patient.study_id, []))
