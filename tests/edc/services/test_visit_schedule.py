"""The stored visit schedule follows the procedure date (windows from ablacem.protocol.timepoints)."""

import datetime as dt

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import ScheduledVisit
from ablacem.protocol.timepoints import TIMEPOINTS
from tests.edc.conftest import DAY0

pytestmark = [pytest.mark.django_db]


def _schedule(procedure):
    return {
        s.timepoint: (s.target, s.window_lower, s.window_upper)
        for s in ScheduledVisit.objects.filter(procedure=procedure)
    }


def test_recording_the_procedure_stores_every_timepoint_window(treated_patient):
    _, _, procedure = treated_patient
    schedule = _schedule(procedure)
    assert set(schedule) == {tp.code for tp in TIMEPOINTS}
    # m1: target day 30, window days 23 to 40 (protocol.timepoints)
    assert schedule["m1"] == (DAY0 + dt.timedelta(days=30), DAY0 + dt.timedelta(days=23), DAY0 + dt.timedelta(days=40))


def test_changing_the_procedure_date_moves_the_schedule(treated_patient, coordinator):
    patient, lesion, procedure = treated_patient
    later = DAY0 + dt.timedelta(days=3)
    services.procedure_record(
        patient=patient,
        procedure_date=later,
        guidance="ct",
        anaesthesia="sedation",
        treated_lesions=[{"lesion": lesion, "modality": "rfa", "cement_leakage": False, "technical_success": True}],
        expected_version=procedure.version,
        reason="date corrected from the operating list",
        actor=Actor.staff(coordinator),
    )
    schedule = _schedule(procedure)
    assert len(schedule) == len(TIMEPOINTS)
    assert schedule["m1"] == (
        later + dt.timedelta(days=30),
        later + dt.timedelta(days=23),
        later + dt.timedelta(days=40),
    )
    assert schedule["post"][0] == later
