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
    # A generator of its own (spawned, so the cohort's other draws are those of before).
    safety = safety_reporting(frame, last_day[frame["patient_index"].to_numpy()], rng.spawn(1)[0])
    frame["outcome"] = safety.pop("outcome")
    return pd.concat([frame, safety], axis=1)


#: Causality (MEDDEV 2.7/3 rev. 3 levels) to the procedure, the ablation system and the cement,
#: by what the event is attributed to (``related_to``): relative weights.
_CAUSALITY = {
    "ablation": (
        {"probable": 50, "causal": 40, "possible": 10},
        {"probable": 55, "causal": 30, "possible": 15},
        {"not_related": 60, "unlikely": 40},
    ),
    "cement": (
        {"probable": 50, "causal": 40, "possible": 10},
        {"not_related": 60, "unlikely": 40},
        {"probable": 55, "causal": 30, "possible": 15},
    ),
    "anaesthesia": (
        {"probable": 60, "possible": 40},
        {"not_related": 100},
        {"not_related": 100},
    ),
    "other": (
        {"not_related": 40, "unlikely": 40, "possible": 20},
        {"not_related": 70, "unlikely": 30},
        {"not_related": 70, "unlikely": 30},
    ),
}
#: Action taken by CIRSE grade (grade 1: no or symptomatic therapy; 2: therapy; 3: more
#: therapy or a longer stay; 4-5: intervention or surgery; Filippiadis 2017).
_ACTION_BY_GRADE = {
    1: {"none": 60, "medication": 40},
    2: {"medication": 85, "other": 15},
    3: {"medication": 35, "hospitalisation": 40, "intervention": 25},
    4: {"intervention": 50, "surgery": 30, "hospitalisation": 20},
    5: {"surgery": 60, "intervention": 40},
    6: {"other": 100},
}
#: Days from onset to resolution by CIRSE grade (low, high inclusive).
_DAYS_TO_RESOLVE = {1: (1, 7), 2: (3, 21), 3: (10, 45), 4: (30, 90), 5: (45, 120), 6: (0, 0)}


def safety_reporting(events: pd.DataFrame, last_day: np.ndarray, rng) -> pd.DataFrame:
    """Causality, expectedness, action, awareness, clock, course and outcome of ``events`` (same index).

    Every named term is an anticipated complication of ablation and cementoplasty (expected,
    ICH E2A); "other" events, and one in twenty of the rest, are unexpected. Staff learn of an
    event on its onset day or the day after; a serious event is acknowledged after a median of
    about five hours (log-normal, one in ten beyond the 24-hour clock). An event whose
    resolution would fall after ``last_day`` (per event) is ongoing then.
    """
    k = len(events)
    grade = events["cirse_grade"].to_numpy(int)
    related = events["related_to"].to_numpy(object)
    out = {}
    for i, column in enumerate(("relation_procedure", "relation_ablation", "relation_cement")):
        values = np.empty(k, dtype=object)
        for relation, weights in _CAUSALITY.items():
            sel = related == relation
            values[sel] = pick(rng, weights[i], int(sel.sum()))
        out[column] = values
    unexpected = (events["term"].to_numpy(object) == "other") | (rng.random(k) < 0.05)
    out["expectedness"] = np.where(unexpected, "unexpected", "expected").astype(object)
    action = np.empty(k, dtype=object)
    for g, weights in _ACTION_BY_GRADE.items():
        sel = grade == g
        action[sel] = pick(rng, weights, int(sel.sum()))
    out["action_taken"] = action
    onset = events["onset_date"].to_numpy().astype("datetime64[D]")
    limit = np.asarray(last_day).astype("datetime64[D]")
    aware = np.minimum(onset + (rng.random(k) < 0.2).astype(int), np.maximum(limit, onset))
    out["aware_date"] = aware.astype("datetime64[ns]")
    hours = np.round(np.exp(rng.normal(np.log(5.0), 1.2, k)), 1)
    out["ack_hours"] = np.where(events["serious"].to_numpy(bool), hours, np.nan)
    low = np.array([_DAYS_TO_RESOLVE[g][0] for g in grade], dtype=int)
    high = np.array([_DAYS_TO_RESOLVE[g][1] for g in grade], dtype=int)
    resolved_on = onset + low + np.floor(rng.random(k) * (high - low + 1)).astype(int)
    outcome = events["outcome"].to_numpy(object).copy()
    ends = np.isin(outcome, ["resolved", "resolved_sequelae"])
    late = ends & (resolved_on > limit)
    outcome[late] = "resolving"
    ended = ends & ~late
    out["ongoing"] = ~ended
    out["resolution_date"] = np.where(ended, resolved_on, np.datetime64("NaT")).astype("datetime64[ns]")
    out["outcome"] = outcome
    return pd.DataFrame(out, index=events.index)


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
