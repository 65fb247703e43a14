"""Small hand-made analysis frames (the columns ``ablacem.analysis.derive`` produces)."""

import numpy as np
import pandas as pd
import pytest

from ablacem.scoring.qlqc30 import SCALE_CODES

TPS = ["baseline", "post", "w1", "m1", "m3"]
DAYS = [-3, 0, 7, 30, 90]
DAY0 = pd.Timestamp("2025-03-10")  # procedure date of every treated patient


@pytest.fixture
def patients():
    """P1-P4 treated, P5 not treated (withdrew). P2 died on day 40, P4 lost after day 30."""
    return pd.DataFrame(
        {
            "patient_id": ["P1", "P2", "P3", "P4", "P5"],
            "treated": pd.array([True, True, True, True, False], dtype="boolean"),
            "end_reason": ["completed", "died", "completed", "lost", "withdrew"],
            "os_days": [95.0, 40.0, 92.0, 30.0, np.nan],
            "os_event": [0.0, 1.0, 0.0, 0.0, np.nan],
            "lpfs_days": [90.0, 40.0, 60.0, 0.0, np.nan],
            "lpfs_event": [0.0, 1.0, 1.0, 0.0, np.nan],
            "last_contact_day": [95.0, 40.0, 92.0, 30.0, np.nan],
            "end_date": DAY0 + pd.to_timedelta([95, 40, 92, 30, -5], unit="D"),
            "death_date": DAY0 + pd.to_timedelta([np.nan, 40, np.nan, np.nan, np.nan], unit="D"),
        }
    )


@pytest.fixture
def visits():
    """Every treated patient at every timepoint; VAS, OMED and QLQ-C30 chosen by hand."""
    vas = {
        "P1": [8, 5, 4, 3, 2],
        "P2": [7, 6, 6, 5, np.nan],
        "P3": [9, 4, 3, 2, 1],
        "P4": [6, 6, 7, 8, np.nan],
    }
    status = {
        "P1": ["done"] * 5,
        "P2": ["done", "done", "done", "missed", "died"],
        "P3": ["done"] * 5,
        "P4": ["done", "done", "done", "done", "missed"],
    }
    rows = []
    for pid, values in vas.items():
        for k, tp in enumerate(TPS):
            done = status[pid][k] == "done"
            row = {
                "patient_id": pid,
                "timepoint": tp,
                "tp_order": k,
                "status": status[pid][k],
                "procedure_date": DAY0,
                "study_day": float(DAYS[k]) if done else np.nan,
                "vas_worst": float(values[k]) if done else np.nan,
                "omed": 30.0 - 5 * k if done else np.nan,
            }
            for j, code in enumerate(SCALE_CODES):
                row[code] = 50.0 + (k * (j % 3 - 1) * 5) if done else np.nan
            rows.append(row)
    return pd.DataFrame(rows)


@pytest.fixture
def lesions():
    return pd.DataFrame(
        {
            "lesion_id": ["L1", "L2", "L3", "L4", "L5"],
            "patient_id": ["P1", "P2", "P3", "P3", "P4"],
            "local_progression_day": [np.nan, np.nan, 60.0, np.nan, np.nan],
        }
    )
