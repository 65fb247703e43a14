"""What a visit page reads: the record, its window once the procedure is known, its results."""

import datetime as dt

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.selectors.visit import visit_analgesics, visit_at, visit_schedule
from ablacem.edc.selectors.visit_scores import visit_results
from ablacem.protocol import get_timepoint
from ablacem.scoring.qlqc30 import SCALE_CODES

from ..conftest import DAY0, ITEMS, enrol

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

OXY = {"drug": "oxycodone", "route": "oral", "dose": 10, "unit": "mg", "per_day": 2}


def test_the_window_is_known_only_once_the_procedure_is(treated_patient, coordinator):
    patient, _, _ = treated_patient
    assert visit_schedule(enrol(coordinator), get_timepoint("m1")) == {}
    # 1 month: target day 30, window days 23-40 after the procedure (protocol/timepoints.py),
    # counted from DAY0 (2025-03-10) by hand.
    assert visit_schedule(patient, get_timepoint("m1")) == {
        "target": dt.date(2025, 4, 9),
        "lower": dt.date(2025, 4, 2),
        "upper": dt.date(2025, 4, 19),
    }


def test_a_recorded_visit_shows_its_lines_items_and_scores(treated_patient, coordinator):
    patient, _, _ = treated_patient
    assert visit_at(patient, "post") is None and visit_results(None) == {}
    services.assessment_record(
        patient=patient,
        timepoint="post",
        assessed_on=DAY0,
        vas_worst=5.0,
        items=ITEMS,
        analgesics=[OXY],
        actor=Actor.staff(coordinator),
    )
    visit = visit_at(patient, "post")
    assert [a.drug for a in visit_analgesics(visit)] == ["oxycodone"]
    results = visit_results(visit)
    assert results["omed"].omed == 30.0  # 10 mg x 2/day x 1.5 (CDC 2022 oral oxycodone factor)
    assert results["items"][0] == (1, 2) and len(results["items"]) == 30
    scores = {code: value for code, _, value in results["scores"]}
    assert list(scores) == list(SCALE_CODES)
    # Every item answered 2: global health (1-7 scale) (2 - 1) / 6 x 100; physical functioning
    # (1-4 scale) (1 - (2 - 1) / 3) x 100 (EORTC Scoring Manual, 3rd ed., 2001).
    assert scores["QL2"] == pytest.approx(100 / 6) and scores["PF2"] == pytest.approx(200 / 3)
