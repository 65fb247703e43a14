"""The previous visit's analgesics, the starting point of the next visit's list."""

import datetime as dt

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.selectors.carry_forward import previous_analgesics
from tests.edc.conftest import DAY0

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

OXY = {"drug": "oxycodone", "route": "oral", "dose": 12.5, "unit": "mg", "per_day": 2.0}
PARA = {"drug": "paracetamol", "route": "oral", "dose": 1.0, "unit": "g", "per_day": 4.0}


def _visit(patient, user, timepoint, day, analgesics):
    services.assessment_record(
        patient=patient,
        timepoint=timepoint,
        assessed_on=DAY0 + dt.timedelta(days=day),
        vas_worst=5.0,
        analgesics=analgesics,
        complete=False,
        actor=Actor.staff(user),
    )


def test_the_latest_earlier_recorded_visit_is_carried_skipping_visits_not_done(treated_patient, coordinator):
    patient, _, _ = treated_patient
    assert previous_analgesics(patient=patient, timepoint="baseline") is None  # nothing comes before it
    assert previous_analgesics(patient=patient, timepoint="m1") is None  # nothing recorded yet
    _visit(patient, coordinator, "baseline", -2, [PARA])
    _visit(patient, coordinator, "post", 0, [OXY, PARA])
    services.assessment_mark_not_done(
        patient=patient, timepoint="w1", status="missed", not_done_reason="unreachable", actor=Actor.staff(coordinator)
    )
    _visit(patient, coordinator, "m3", 90, [])  # later than the visit entered: never carried
    carried = previous_analgesics(patient=patient, timepoint="m1")
    assert (carried.timepoint, carried.label) == ("post", "Post-procedure")
    assert carried.rows == [OXY, PARA]
    assert carried.descriptions == ["Oxycodone 12.5 mg oral × 2/day", "Paracetamol 1 g oral × 4/day"]
    assert previous_analgesics(patient=patient, timepoint="post").rows == [PARA]


def test_a_previous_visit_without_analgesics_carries_an_empty_list(treated_patient, coordinator):
    patient, _, _ = treated_patient
    _visit(patient, coordinator, "baseline", -2, [])
    carried = previous_analgesics(patient=patient, timepoint="post")
    assert carried.timepoint == "baseline" and carried.rows == []
