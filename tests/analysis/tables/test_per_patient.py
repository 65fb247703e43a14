"""Per-patient summaries of lesion rows (technical success, session time, stay), worked out by hand.

The tiny cohort (``tests/analysis/conftest.py``) with its lesion rows edited: P02 has two
lesions, so its per-patient values combine two rows; a missing value must neither count as a
success nor hide the other lesion's value.
"""

from __future__ import annotations

import pandas as pd

from ablacem.analysis.derive import derive
from ablacem.analysis.options import AnalysisOptions
from ablacem.analysis.tables import procedure
from ablacem.analysis.tables.safety import technical_success
from tests.analysis.conftest import build_tiny


def _derived(**columns):
    derived = derive(build_tiny())
    lesions = derived.lesions.set_index("lesion_id")
    for column, values in columns.items():
        lesions[column] = pd.Series(values, dtype=lesions[column].dtype).reindex(lesions.index)
    derived.lesions = lesions.reset_index()
    return derived


def test_a_patient_succeeds_only_when_every_treated_lesion_is_recorded_successful():
    # L01 (P01) yes; L02 yes + L03 missing (P02): not a success; L04 no (P03); L05 yes (P05).
    derived = _derived(technical_success={"L01": True, "L02": True, "L03": None, "L04": False, "L05": True})
    result = technical_success(derived)
    assert (result["lesion"]["k"], result["lesion"]["n"]) == (3, 4)  # the missing lesion is not evaluable
    assert (result["patient"]["k"], result["patient"]["n"]) == (2, 4)  # P01 and P05 of P01, P02, P03, P05


def test_session_time_and_stay_are_the_longest_recorded_per_patient():
    # P02: 90 and missing minutes -> 90; stay missing and 4 days -> 4. P03 has neither recorded.
    derived = _derived(
        duration_minutes={"L01": 60, "L02": 90, "L03": None, "L04": None, "L05": 75},
        length_of_stay_days={"L01": 1, "L02": None, "L03": 4, "L04": None, "L05": 2},
    )
    res = procedure.build(derived, AnalysisOptions()).results["procedure"]
    # Patients P01, P02, P03, P05: durations 60, 90, 75 (P03 missing); stays 1, 4, 2.
    assert res["duration_minutes"]["n"] == 3
    assert res["duration_minutes"]["mean"] == 75.0
    assert res["duration_minutes"]["median"] == 75.0
    assert res["length_of_stay_days"]["n"] == 3
    assert res["length_of_stay_days"]["mean"] == 7 / 3
    assert res["length_of_stay_days"]["median"] == 2.0
