"""Procedure-related adverse events, graded with the CIRSE classification.

Source: Filippiadis DK et al., Cardiovasc Intervent Radiol 2017;40(8):1141-1146 (CIRSE
complication classification, grades 1-6). Symptomatic cement leaks (Yeom et al., J Bone
Joint Surg Br 2003;85:83-89) are also adverse events. Grade 3 or more is serious here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.dataset.schema import SERIOUS_CRITERIA_COLUMNS

from . import calibration as cal
from ._random import pick

#: Which events occur at each CIRSE grade (relative weights).
_TERMS_BY_GRADE: dict[int, dict[str, float]] = {
    1: {"pain_flare": 35, "vasovagal": 20, "haematoma": 20, "anaesthesia_reaction": 10, "skin_burn": 10, "other": 5},
    2: {
        "pain_flare": 35,
        "haematoma": 20,
        "nerve_injury": 15,
        "skin_burn": 10,
        "anaesthesia_reaction": 10,
        "other": 10,
    },
    3: {"nerve_injury": 25, "infection": 20, "fracture": 20, "cement_embolism": 15, "skin_burn": 10, "haematoma": 10},
    4: {"nerve_injury": 60, "fracture": 40},
    5: {"nerve_injury": 100},
}
_RELATED_TO = {
    "pain_flare": "ablation",
    "haematoma": "ablation",
    "skin_burn": "ablation",
    "nerve_injury": "ablation",
    "infection": "cement",
    "cement_leak_symptomatic": "cement",
    "cement_embolism": "cement",
    "fracture": "other",
    "vasovagal": "anaesthesia",
    "anaesthesia_reaction": "anaesthesia",
    "other": "other",
}
#: Onset, days after the procedure (low, high inclusive).
_ONSET_DAYS = {"pain_flare": (0, 3), "skin_burn": (0, 7), "infection": (5, 25), "fracture": (10, 60)}
#: Extra days in hospital by grade (grade 2: under 48 h; grade 3+: over 48 h).
_EXTRA_STAY = {1: (0, 0), 2: (1, 1), 3: (3, 7), 4: (4, 10), 5: (7, 20)}


def make_adverse_events(
    patients: pd.DataFrame, lesions: pd.DataFrame, procedures: pd.DataFrame, last_day: np.ndarray, rng
) -> pd.DataFrame:
    """Rows of the ``adverse_events`` table.

    Parameters
    ----------
    last_day : ndarray of datetime64
        Per patient, the last day an event can be recorded (end of study or data cut-off).
    """
    n = len(patients)
    pidx_lesion = lesions["patient_index"].to_numpy()
    n_lesions = np.bincount(pidx_lesion, minlength=n)
    first_lesion = np.cumsum(n_lesions) - n_lesions

    has = rng.random(n) < cal.COMPLICATION_RATE
    count = np.where(rng.random(n) < 0.15, 2, 1) * has
    pidx = np.repeat(np.arange(n), count)
    k = len(pidx)
    grade = pick(rng, {str(g): w for g, w in cal.CIRSE_GRADE_WEIGHTS.items()}, k).astype(int)
    term = np.empty(k, dtype=object)
    for g, weights in _TERMS_BY_GRADE.items():
        sel = grade == g
        term[sel] = pick(rng, weights, int(sel.sum()))
    lesion_row = first_lesion[pidx] + np.floor(rng.random(k) * n_lesions[pidx]).astype(int)

    leaks = procedures["leakage_symptomatic"].fillna(False).to_numpy(bool)
    leak_rows = np.flatnonzero(leaks)
    leak_grade = np.where(rng.random(len(leak_rows)) < 0.6, 2, 3)

    pidx = np.concatenate([pidx, procedures["patient_index"].to_numpy()[leak_rows]])
    grade = np.concatenate([grade, leak_grade])
    term = np.concatenate([term, np.full(len(leak_rows), "cement_leak_symptomatic", dtype=object)])
    lesion_row = np.concatenate([lesion_row, leak_rows])
    k = len(pidx)

    low = pd.Series(term, dtype=object).map(lambda t: _ONSET_DAYS.get(t, (0, 2))[0]).to_numpy(int)
    high = pd.Series(term, dtype=object).map(lambda t: _ONSET_DAYS.get(t, (0, 2))[1]).to_numpy(int)
    offset = low + np.floor(rng.random(k) * (high - low + 1)).astype(int)
    day0 = patients["procedure_date"].to_numpy().astype("datetime64[D]")[pidx]
    onset = day0 + offset
    limit = last_day.astype("datetime64[D]")[pidx]
    recorded = onset <= limit

    related = pd.Series(term, dtype=object).map(_RELATED_TO).to_numpy()
    lesion_specific = np.isin(related, ["ablation", "cement"])
    lesion_id = np.where(lesion_specific, lesions["lesion_id"].to_numpy()[lesion_row], None)
    outcome = np.where(grade >= 4, "resolved_sequelae", np.where(rng.random(k) < 0.9, "resolved", "ongoing"))
    frame = pd.DataFrame(
        {
            "patient_id": patients["patient_id"].to_numpy()[pidx],
            "lesion_id": lesion_id,
            "onset_date": onset.astype("datetime64[ns]"),
            "term": term,
            "cirse_grade": grade,
            "serious": grade >= 3,
            **seriousness_criteria(grade),
            "related_to": related,
            "outcome": outcome.astype(object),
            "patient_index": pidx,
        }
    )[recorded]
    frame = frame.sort_values(["patient_index", "onset_date", "term"], kind="stable").reset_index(drop=True)
    number = frame.groupby("patient_index").cumcount() + 1
    frame.insert(0, "ae_id", frame["patient_id"] + "-AE" + number.astype(str))
    return frame


def seriousness_criteria(grade: np.ndarray) -> dict[str, np.ndarray]:
    """The ICH E2A seriousness criteria (``serious_*`` columns) of events by CIRSE grade.

    Grade 3 (therapy or a stay over 48 h) prolongs the hospitalisation; grades 4-5 (permanent
    sequelae) are a disability, with the stay they needed; grade 6 is a death (CIRSE:
    Filippiadis 2017). Grades 1-2 are not serious and meet none.
    """
    grade = np.asarray(grade)
    met = {
        "death": grade == 6,
        "hospitalisation": (grade >= 3) & (grade <= 5),
        "disability": (grade == 4) | (grade == 5),
    }
    return {column: met.get(item.code, np.zeros(len(grade), bool)) for column, item in SERIOUS_CRITERIA_COLUMNS.items()}


def extra_stay_days(events: pd.DataFrame, rng) -> pd.Series:
    """Extra hospital days per patient_id caused by adverse events (the worst grade decides)."""
    if events.empty:
        return pd.Series(dtype="int64")
    worst = events.groupby("patient_id", sort=True)["cirse_grade"].max()
    low = worst.map(lambda g: _EXTRA_STAY[int(g)][0]).to_numpy()
    high = worst.map(lambda g: _EXTRA_STAY[int(g)][1]).to_numpy()
    return pd.Series(low + np.floor(rng.random(len(worst)) * (high - low + 1)).astype(int), index=worst.index)
