"""Target lesions: site, type, size and the lesion scores (SINS for the spine, Mirels for long bones)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.protocol.codelists import EXTRASPINAL, MALIGNANT, SPINAL, SPINAL_SITES
from ablacem.scoring.lesion_scores import (
    MIRELS_LESION_BY_TYPE,
    SINS_BONE_LESION_BY_TYPE,
    mirels_total,
    sins_location_points,
    sins_total,
)

from . import calibration as cal
from ._random import pick

#: Relative frequency of each vertebral level (C1 ... S5): thoracolumbar junction commonest.
_LEVEL_WEIGHTS = np.array(
    [
        *(0.2, 1.0, 0.8, 0.8, 0.8, 0.8, 1.0),  # C1-C7
        *(2, 2, 2.5, 4, 4, 4.5, 4.5, 5, 5, 5.5, 6, 6.5),  # T1-T12
        *(7, 6, 5.5, 5, 4),  # L1-L5
        *(3, 1, 0.3, 0.3, 0.3),  # S1-S5
    ]
)
_EXTRASPINAL_WEIGHTS = {
    "acetabulum": 30,
    "ilium": 20,
    "sacrum": 12,
    "femur": 12,
    "humerus": 6,
    "pubis": 5,
    "ischium": 5,
    "rib": 3,
    "scapula": 3,
    "sternum": 2,
    "tibia": 1,
    "clavicle": 1,
}
#: Share of spinal lesions where it differs from the cohort-wide share.
_SPINAL_SHARE_BY_PRIMARY = {"aggressive_haemangioma": 0.97, "osteoid_osteoma": 0.3, "giant_cell_tumour": 0.5}
#: (lytic, mixed) cumulative thresholds by primary; the rest is blastic.
_TYPE_THRESHOLDS = {
    "prostate": (0.10, 0.40),
    "breast": (0.50, 0.85),
    "myeloma": (1.0, 1.0),
    "renal": (1.0, 1.0),
    "thyroid": (1.0, 1.0),
    "aggressive_haemangioma": (1.0, 1.0),
    "osteoid_osteoma": (0.2, 0.6),
}
_DEFAULT_TYPE = (0.65, 0.85)
_LONG_BONES = ("femur", "humerus", "tibia")


def _choice(rng: np.random.Generator, values, p, size: int) -> np.ndarray:
    return np.asarray(values)[rng.choice(len(values), size=size, p=np.asarray(p) / np.sum(p))]


def make_lesions(patients: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per target lesion (1-3 per patient), with lesion scores.

    Returns
    -------
    DataFrame
        The ``lesions`` table columns plus ``patient_index`` (row of the patient).
    """
    n = len(patients)
    counts = _choice(rng, list(cal.LESIONS_PER_PATIENT), list(cal.LESIONS_PER_PATIENT.values()), n)
    pidx = np.repeat(np.arange(n), counts)
    rank = np.arange(len(pidx)) - np.repeat(np.cumsum(counts) - counts, counts)
    m = len(pidx)
    primary = patients["primary_tumour"].to_numpy()[pidx]
    pids = patients["patient_id"].to_numpy()[pidx]

    p_spinal = pd.Series(primary, dtype=object).map(_SPINAL_SHARE_BY_PRIMARY).fillna(cal.SPINAL_SHARE).to_numpy(float)
    spinal = rng.random(m) < p_spinal
    # A patient's spinal lesions are adjacent levels from a first, randomly drawn level.
    first_level = _choice(rng, np.arange(len(SPINAL_SITES)), _LEVEL_WEIGHTS, n)[pidx]
    spinal_rank = pd.Series(spinal.astype(int)).groupby(pidx).cumsum().to_numpy() - 1
    step = np.where(first_level + 2 < len(SPINAL_SITES), 1, -1)
    level = first_level + step * np.maximum(spinal_rank, 0)
    extraspinal_site = pick(rng, _EXTRASPINAL_WEIGHTS, m)
    site = np.where(spinal, np.array(SPINAL_SITES, dtype=object)[level], extraspinal_site).astype(object)

    primary_s = pd.Series(primary, dtype=object)
    lytic_t = primary_s.map({k: v[0] for k, v in _TYPE_THRESHOLDS.items()}).fillna(_DEFAULT_TYPE[0]).to_numpy(float)
    mixed_t = primary_s.map({k: v[1] for k, v in _TYPE_THRESHOLDS.items()}).fillna(_DEFAULT_TYPE[1]).to_numpy(float)
    u = rng.random(m)
    lesion_type = np.select([u < lytic_t, u < mixed_t], ["lytic", "mixed"], "blastic").astype(object)

    size = np.exp(rng.normal(np.where(spinal, np.log(28), np.log(45)), np.where(spinal, 0.35, 0.45)))
    size = np.round(np.clip(size, 8, 150))
    myeloma = primary == "myeloma"
    fracture = rng.random(m) < np.where(spinal, np.where(myeloma, 0.55, 0.35), 0.08)
    malignant = patients["diagnosis"].to_numpy()[pidx] == MALIGNANT
    prior_rt = rng.random(m) < np.where(malignant, 0.3, 0.03)

    frame = pd.DataFrame(
        {
            "lesion_id": [f"{p}-L{r + 1}" for p, r in zip(pids, rank, strict=True)],
            "patient_id": pids,
            "region": np.where(spinal, SPINAL, EXTRASPINAL).astype(object),
            "site": site,
            "lesion_type": lesion_type,
            "size_mm": size,
            "pathologic_fracture": fracture,
            "prior_radiotherapy": prior_rt,
            "patient_index": pidx,
        }
    )
    _add_sins(frame, spinal, fracture, rng)
    _add_mirels(frame, rng)
    return frame


def _add_sins(frame: pd.DataFrame, spinal: np.ndarray, fracture: np.ndarray, rng) -> None:
    """SINS components from the site and lesion type (points declared in scoring) plus drawn ones."""
    m = len(frame)
    parts = {
        "sins_location": sins_location_points(frame["site"]).to_numpy(),
        "sins_pain": _choice(rng, [3, 1], [0.6, 0.4], m),
        "sins_bone_lesion": frame["lesion_type"].map(SINS_BONE_LESION_BY_TYPE).to_numpy(),
        "sins_alignment": _choice(rng, [0, 2, 4], [0.85, 0.12, 0.03], m),
        "sins_collapse": np.where(fracture, _choice(rng, [2, 3], [0.7, 0.3], m), _choice(rng, [1, 0], [0.5, 0.5], m)),
        "sins_posterolateral": _choice(rng, [0, 1, 3], [0.6, 0.3, 0.1], m),
    }
    for name, values in parts.items():
        frame[name] = pd.array(np.where(spinal, values, 0), dtype="Int64")
        frame.loc[~spinal, name] = pd.NA
    frame["sins_total"] = pd.array(sins_total(frame[list(parts)]).to_numpy(), dtype="Float64").astype("Int64")


def _add_mirels(frame: pd.DataFrame, rng) -> None:
    m = len(frame)
    site = frame["site"].to_numpy()
    long_bone = np.isin(site, _LONG_BONES)
    peritrochanteric = rng.random(m) < 0.5
    size = frame["size_mm"].to_numpy()
    cortex = np.clip(np.digitize(size + rng.normal(0, 10, m), [30, 60]) + 1, 1, 3)
    parts = {
        "mirels_site": np.select([site == "humerus", (site == "femur") & peritrochanteric], [1, 3], 2),
        "mirels_pain": _choice(rng, [3, 2, 1], [0.5, 0.4, 0.1], m),
        "mirels_lesion": frame["lesion_type"].map(MIRELS_LESION_BY_TYPE).to_numpy(),
        "mirels_size": cortex,
    }
    for name, values in parts.items():
        frame[name] = pd.array(values, dtype="Int64")
        frame.loc[~long_bone, name] = pd.NA
    frame["mirels_total"] = pd.array(mirels_total(frame[list(parts)]).to_numpy(), dtype="Float64").astype("Int64")
