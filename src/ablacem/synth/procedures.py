"""Procedures: one row per treated lesion, all of a patient's lesions in one session (day 0)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.protocol.codelists import SPINAL
from ablacem.protocol.ranges import LENGTH_OF_STAY_DAYS

from . import calibration as cal
from ._random import pick

#: Median cement volume (mL) by site group; spread is log-normal.
_CEMENT_MEDIAN_SPINAL = {"C": 1.5, "T": 3.0, "L": 4.5, "S": 4.0}
_CEMENT_MEDIAN_EXTRASPINAL = {
    "acetabulum": 10.0,
    "ilium": 9.0,
    "sacrum": 8.0,
    "ischium": 6.0,
    "pubis": 5.0,
    "femur": 12.0,
    "humerus": 9.0,
    "tibia": 8.0,
    "rib": 2.5,
    "sternum": 3.0,
    "scapula": 4.0,
    "clavicle": 2.5,
    "other": 5.0,
}
_LEAKAGE_TYPE_SPINAL = {"B": 30, "S": 30, "C": 30, "D": 10}


def make_procedures(patients: pd.DataFrame, lesions: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One procedure row per lesion: modality, guidance, anaesthesia, cement, leakage, success.

    Cryoablation is commoner for larger and extraspinal lesions; a session has one guidance
    and one anaesthesia for all its lesions.
    """
    n, m = len(patients), len(lesions)
    pidx = lesions["patient_index"].to_numpy()
    spinal = lesions["region"].to_numpy() == SPINAL
    site = lesions["site"].to_numpy()
    size = lesions["size_mm"].to_numpy()

    p_cryo = np.where(spinal, 0.15, 0.55) + np.where(size > 50, 0.2, 0.0)
    cryo = rng.random(m) < p_cryo
    any_spinal = np.bincount(pidx, weights=spinal, minlength=n) > 0
    any_cryo = np.bincount(pidx, weights=cryo, minlength=n) > 0
    n_lesions = np.bincount(pidx, minlength=n)

    guidance = pick(rng, {"ct_fluoro": 45, "ct": 30, "fluoro": 20, "us": 5}, n)
    guidance = np.where(any_spinal & (guidance == "us"), "ct", guidance).astype(object)
    anaesthesia_cryo = pick(rng, {"local": 5, "sedation": 35, "general": 60}, n)
    anaesthesia_rfa = pick(rng, {"local": 15, "sedation": 55, "general": 30}, n)
    anaesthesia = np.where(any_cryo, anaesthesia_cryo, anaesthesia_rfa).astype(object)

    n_probes = np.where(
        cryo,
        np.clip(1 + size // 25 + rng.poisson(0.3, m), 1, 6),
        np.where(rng.random(m) < 0.6, 2, 1),
    )
    ablation = np.where(cryo, np.clip(rng.normal(25, 4, m), 12, 45), np.clip(rng.normal(8, 3, m), 2, 20))

    spinal_median = pd.Series([s[0] for s in site], dtype=object).map(_CEMENT_MEDIAN_SPINAL).to_numpy(float)
    extra_median = pd.Series(site, dtype=object).map(_CEMENT_MEDIAN_EXTRASPINAL).to_numpy(float)
    median = np.where(spinal, spinal_median, extra_median)
    cement = np.round(np.clip(np.exp(rng.normal(np.log(median), 0.3)), 0.5, 45), 1)

    failed = rng.random(m) < cal.TECHNICAL_FAILURE_RATE
    # Leakage is a little likelier through a fractured vertebra.
    fracture = lesions["pathologic_fracture"].to_numpy(bool)
    p_leak = cal.LEAKAGE_RATE * np.where(spinal & fracture, 1.4, 0.85)
    leak = rng.random(m) < p_leak
    leak_type = np.where(spinal, pick(rng, _LEAKAGE_TYPE_SPINAL, m), "C")
    symptomatic = rng.random(m) < cal.LEAKAGE_SYMPTOMATIC_SHARE

    duration = 45 + 25 * n_lesions + 20 * any_cryo + rng.normal(0, 12, n)
    stay = pick(rng, {"0": 35, "1": 45, "2": 14, "3": 6}, n).astype(int)
    day0 = patients["procedure_date"].to_numpy()
    pids = lesions["patient_id"].to_numpy()
    return pd.DataFrame(
        {
            "procedure_id": [f"{head}-P{tail}" for head, tail in (lid.rsplit("-L", 1) for lid in lesions["lesion_id"])],
            "patient_id": pids,
            "lesion_id": lesions["lesion_id"].to_numpy(),
            "procedure_date": day0[pidx],
            "modality": np.where(cryo, "cryo", "rfa").astype(object),
            "guidance": guidance[pidx],
            "anaesthesia": anaesthesia[pidx],
            "n_probes": n_probes.astype(int),
            "ablation_minutes": np.round(ablation, 1),
            "cement_ml": cement,
            "cement_leakage": leak,
            "leakage_type": np.where(leak, leak_type, None).astype(object),
            "leakage_symptomatic": pd.Series(symptomatic, dtype="boolean").where(leak, pd.NA),
            "technical_success": ~failed,
            "duration_minutes": np.clip(np.round(duration), 20, 300).astype(int)[pidx],
            "length_of_stay_days": stay[pidx],
            "patient_index": pidx,
        }
    )


def lengthen_stays(procedures: pd.DataFrame, extra_days: pd.Series) -> None:
    """Add ``extra_days`` (indexed by patient_id) to the stay of those patients, capped at the protocol maximum."""
    add = procedures["patient_id"].map(extra_days).fillna(0).astype(int)
    longest = int(LENGTH_OF_STAY_DAYS.maximum)
    procedures["length_of_stay_days"] = np.minimum(procedures["length_of_stay_days"] + add, longest)
