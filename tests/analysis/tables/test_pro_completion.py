"""PRO completion by timepoint and source, against counts worked out by hand on the tiny cohort.

Treated: P01, P02, P03, P05 (P04 never treated). By hand (tests/analysis/conftest.py):

- baseline: expected 4 (all on study), completed 3 (P05 missed);
- post: expected 4, completed 4;
- 1 week: expected 4, completed 4; answered by the patient: P01 and P05 (set below), so 2 (50%);
- 1 month: P03 withdrew on day 15, before the target day 30: expected 3, completed 3 (P01 by
  the patient: 1, 33.3%; staff 2, 66.7%);
- 3 months: P02 died (day 50), P03 withdrew, P05's window (to day 110) is still open on the
  data's last day (90): expected 1 (P01), completed 1, by the patient.
"""

from __future__ import annotations

import pytest

from ablacem.analysis.derive import derive
from ablacem.analysis.options import AnalysisOptions
from ablacem.analysis.study import StudyAnalysis
from ablacem.analysis.tables import pro_completion

BY_PATIENT = {("P01", "w1"), ("P05", "w1"), ("P01", "m1"), ("P01", "m3")}


@pytest.fixture
def with_sources(tiny):
    ds = tiny.copy()
    a = ds.assessments
    a["source"] = [
        "patient" if (pid, tp) in BY_PATIENT else "staff"
        for pid, tp in zip(a["patient_id"], a["timepoint"], strict=True)
    ]
    return ds


def test_completion_by_timepoint_and_source(with_sources):
    c = pro_completion.completion_counts(derive(with_sources))
    got = {
        tp: (v["expected"], v["completed"], v["completed_by_patient"], v["completed_by_staff"]) for tp, v in c.items()
    }
    assert got == {
        "baseline": (4, 3, 0, 3),
        "post": (4, 4, 0, 4),
        "w1": (4, 4, 2, 2),
        "m1": (3, 3, 1, 2),
        "m3": (1, 1, 1, 0),
    }
    assert c["baseline"]["completion"] == pytest.approx(0.75)
    assert c["w1"]["completion_by_patient"] == pytest.approx(0.5)
    assert c["m1"]["completion_by_staff"] == pytest.approx(2 / 3)


def test_a_dataset_without_the_source_column_was_entered_by_staff(tiny):
    assert "source" not in tiny.assessments.columns or tiny.assessments["source"].isna().all()
    c = pro_completion.completion_counts(derive(tiny))
    assert all(v["completed_by_patient"] == 0 and v["completed_by_staff"] == v["completed"] for v in c.values())


def test_table_and_results_json_section(with_sources):
    section = pro_completion.build(derive(with_sources), AnalysisOptions())
    (t,) = section.tables
    assert t.id == "pro_completion" and "SISAQOL" in t.note and "Coens" in t.note
    w1 = t.frame.set_index("Timepoint").loc["1 week"]
    assert (w1["Expected"], w1["Completed"], w1["Completion"]) == (4, 4, "100.0%")
    assert (w1["By the patient"], w1["By staff"]) == ("2 (50.0%)", "2 (50.0%)")
    assert section.results["pro_completion"]["m3"]["completed_by_patient"] == 1


def test_in_the_report_before_missing_data(with_sources):
    fitted = StudyAnalysis().fit(with_sources)
    ids = [t.id for t in fitted.tables_]
    assert ids.index("pro_completion") == ids.index("missing_data") - 1
    assert fitted.results_["pro_completion"]["w1"]["completed_by_patient"] == 2
