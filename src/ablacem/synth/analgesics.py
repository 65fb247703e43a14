"""Analgesic use at each done visit: a baseline regimen whose opioid dose follows the pain.

Most patients take an oral opioid and paracetamol; some have fentanyl patches (mcg/h), a few
subcutaneous morphine, and some are given intravenous morphine on the day of the procedure.
Every dose is one the analysis can convert to oral morphine equivalents (CDC 2022 for oral
and transdermal doses, Nielsen et al. 2016 for parenteral ones; :mod:`ablacem.scoring.mme`):
a synthetic cohort must not produce data its own analysis cannot score, so no drug without a
factor (buprenorphine, for example) is generated.
An opioid dose at follow-up scales with the pain relative to baseline, so it falls for most
patients and rises for those whose pain rises; low pain lets patients stop drugs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ablacem.protocol.codelists import DONE, OPIOIDS
from ablacem.protocol.timepoints import BASELINE, MONTH_1, MONTH_3, POST, WEEK_1


@dataclass(frozen=True)
class Regimen:
    """One way of taking a drug: the dose ladder used to round doses, and how often a day."""

    drug: str
    route: str
    unit: str
    ladder: tuple[float, ...]
    per_day: tuple[float, ...]
    weight: float

    @property
    def opioid(self) -> bool:
        return self.drug in OPIOIDS


_OPIOID_REGIMENS = (
    Regimen("oxycodone", "oral", "mg", (5, 10, 15, 20, 30, 40, 60, 80), (2, 3), 25),
    Regimen("morphine", "oral", "mg", (10, 15, 20, 30, 40, 60, 100), (2, 3), 20),
    Regimen("tramadol", "oral", "mg", (50, 100), (2, 3, 4), 14),
    Regimen("codeine", "oral", "mg", (30, 60), (3, 4), 5),
    Regimen("hydromorphone", "oral", "mg", (2, 4, 8, 16, 24), (2, 3, 4), 6),
    Regimen("tapentadol", "oral", "mg", (50, 100, 150, 200, 250), (2,), 5),
    Regimen("methadone", "oral", "mg", (5, 10, 15, 20, 30), (2, 3), 2),
    Regimen("fentanyl", "transdermal", "mcg/h", (12, 25, 37, 50, 75, 100), (1,), 15),
    Regimen("morphine", "sc", "mg", (2.5, 5, 10, 15), (4, 6), 2),
)
_NON_OPIOID_REGIMENS = {
    "paracetamol": (Regimen("paracetamol", "oral", "mg", (500, 1000), (3, 4), 1),),
    "nsaid": (
        Regimen("ibuprofen", "oral", "mg", (200, 400, 600), (3,), 30),
        Regimen("naproxen", "oral", "mg", (250, 500), (2,), 20),
        Regimen("diclofenac", "oral", "mg", (50, 75), (2, 3), 20),
        Regimen("celecoxib", "oral", "mg", (100, 200), (1, 2), 10),
        Regimen("metamizole", "oral", "mg", (500, 1000), (3, 4), 20),
    ),
    "adjuvant": (
        Regimen("pregabalin", "oral", "mg", (25, 75, 150, 300), (2,), 35),
        Regimen("gabapentin", "oral", "mg", (100, 300, 600), (3,), 25),
        Regimen("dexamethasone", "oral", "mg", (2, 4, 8), (1, 2), 30),
        Regimen("amitriptyline", "oral", "mg", (10, 25, 50), (1,), 10),
    ),
}
#: Share of patients taking each class at baseline.
_CLASS_SHARE = {"opioid": 0.78, "paracetamol": 0.80, "nsaid": 0.30, "adjuvant": 0.25}
#: Share of patients whose opioid need grows because of pain at other sites, and by how much.
_PAIN_ELSEWHERE_SHARE = 0.12
_PAIN_ELSEWHERE_FACTOR = 2.0
#: Share of patients given parenteral (IV) morphine on the day of the procedure.
_POST_IV_SHARE = 0.08


def _slots(klass: str, regimens: tuple[Regimen, ...], patient_index: np.ndarray, rng) -> pd.DataFrame:
    weights = np.array([r.weight for r in regimens], dtype=float)
    which = rng.choice(len(regimens), size=len(patient_index), p=weights / weights.sum())
    u = rng.random(len(patient_index))
    v = rng.random(len(patient_index))
    rows = []
    for k, reg in enumerate(regimens):
        sel = which == k
        # Baseline doses favour the lower rungs of the ladder.
        rung = np.minimum((u[sel] ** 1.8 * len(reg.ladder)).astype(int), len(reg.ladder) - 1)
        per_day = np.asarray(reg.per_day, dtype=float)[(v[sel] * len(reg.per_day)).astype(int)]
        rows.append(
            pd.DataFrame(
                {
                    "patient_index": patient_index[sel],
                    "klass": klass,
                    "regimen": k,
                    "base_dose": np.asarray(reg.ladder, dtype=float)[rung],
                    "per_day": per_day,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def _regimen_table() -> dict[tuple[str, int], Regimen]:
    table = {("opioid", k): r for k, r in enumerate(_OPIOID_REGIMENS)}
    for klass, regs in _NON_OPIOID_REGIMENS.items():
        table.update({(klass, k): r for k, r in enumerate(regs)})
    return table


def _nearest_rung(target: np.ndarray, ladder: tuple[float, ...]) -> np.ndarray:
    steps = np.asarray(ladder, dtype=float)
    return steps[np.abs(np.log(steps)[None, :] - np.log(target)[:, None]).argmin(axis=1)]


def make_analgesics(visits: pd.DataFrame, vas_worst: np.ndarray, n_patients: int, rng) -> pd.DataFrame:
    """Rows of the ``analgesics`` table for every done visit.

    Parameters
    ----------
    visits : DataFrame
        With ``patient_id``, ``timepoint``, ``status``, ``patient_index``.
    vas_worst : ndarray
        Worst pain per visit row.
    n_patients : int
    rng : numpy Generator
    """
    everyone = np.arange(n_patients)
    slot_frames = []
    for klass, share in _CLASS_SHARE.items():
        takes = everyone[rng.random(n_patients) < share]
        regimens = _OPIOID_REGIMENS if klass == "opioid" else _NON_OPIOID_REGIMENS[klass]
        slot_frames.append(_slots(klass, regimens, takes, rng))
    slots = pd.concat(slot_frames, ignore_index=True)
    slots["slot"] = np.arange(len(slots))

    done = visits["status"].to_numpy() == DONE
    dv = visits.loc[done, ["patient_id", "timepoint", "patient_index"]].copy()
    dv["visit_row"] = np.flatnonzero(done)
    dv["vas"] = vas_worst[done]
    base_vas = np.full(n_patients, np.nan)
    at_baseline = (dv["timepoint"] == BASELINE).to_numpy()
    base_vas[dv["patient_index"].to_numpy()[at_baseline]] = dv["vas"].to_numpy()[at_baseline]
    dv["vas_base"] = np.where(np.isnan(base_vas[dv["patient_index"]]), dv["vas"], base_vas[dv["patient_index"]])

    rows = dv.merge(slots, on="patient_index", how="inner").sort_values(["visit_row", "slot"], kind="stable")
    rows = rows.reset_index(drop=True)
    follow_up = ~rows["timepoint"].isin([BASELINE, POST]).to_numpy()
    ratio = ((rows["vas"].to_numpy() + 1) / (rows["vas_base"].to_numpy() + 1)) ** 0.8
    ratio = ratio * np.exp(rng.normal(0, 0.3, len(rows)))
    # Some patients need more opioid for pain elsewhere (disease progressing at other sites).
    progressing = rng.random(n_patients) < _PAIN_ELSEWHERE_SHARE
    ratio = ratio * np.where(progressing[rows["patient_index"].to_numpy()], _PAIN_ELSEWHERE_FACTOR, 1.0)
    multiplier = np.where(follow_up, ratio, 1.0)
    opioid = (rows["klass"] == "opioid").to_numpy()
    target = rows["base_dose"].to_numpy() * multiplier

    dose = np.empty(len(rows))
    keep = np.ones(len(rows), dtype=bool)
    table = _regimen_table()
    drug = np.empty(len(rows), dtype=object)
    route = np.empty(len(rows), dtype=object)
    unit = np.empty(len(rows), dtype=object)
    keys = list(zip(rows["klass"], rows["regimen"], strict=True))
    key_codes = pd.Series(keys, dtype=object).map({k: i for i, k in enumerate(table)}).to_numpy()
    for i, (_, reg) in enumerate(table.items()):
        sel = key_codes == i
        if not sel.any():
            continue
        drug[sel], route[sel], unit[sel] = reg.drug, reg.route, reg.unit
        if reg.opioid:
            dose[sel] = _nearest_rung(target[sel], reg.ladder)
            keep[sel] = target[sel] >= 0.6 * reg.ladder[0]
        else:
            dose[sel] = rows["base_dose"].to_numpy()[sel]
    # Non-opioids are stopped more often when pain has settled.
    low_pain = rows["vas"].to_numpy() < 3
    stop_non_opioid = follow_up & ~opioid & (rng.random(len(rows)) < np.where(low_pain, 0.5, 0.1))
    keep &= ~stop_non_opioid

    out = pd.DataFrame(
        {
            "patient_id": rows["patient_id"].to_numpy(),
            "timepoint": rows["timepoint"].to_numpy(),
            "drug": drug,
            "route": route,
            "dose": dose,
            "unit": unit,
            "per_day": rows["per_day"].to_numpy(),
            "visit_row": rows["visit_row"].to_numpy(),
            "slot": rows["slot"].to_numpy(),
        }
    )[keep]
    extra = _extra_rows(dv, slots, n_patients, rng)
    out = pd.concat([out, extra], ignore_index=True).sort_values(["visit_row", "slot"], kind="stable")
    return out.drop(columns=["visit_row", "slot"]).reset_index(drop=True)


def _extra_rows(dv: pd.DataFrame, slots: pd.DataFrame, n_patients: int, rng) -> pd.DataFrame:
    """IV morphine on the day of the procedure, and opioids started when pain stays high."""
    on_opioid = np.zeros(n_patients, dtype=bool)
    # A patient who starts an opioid keeps to one drug (tramadol or oxycodone).
    prefers_tramadol = rng.random(n_patients) < 0.5
    on_opioid[slots.loc[slots["klass"] == "opioid", "patient_index"].to_numpy()] = True
    at_post = (dv["timepoint"] == POST).to_numpy() & (rng.random(len(dv)) < _POST_IV_SHARE)
    follow_up = dv["timepoint"].isin([WEEK_1, MONTH_1, MONTH_3]).to_numpy()
    needs = (
        follow_up
        & ~on_opioid[dv["patient_index"].to_numpy()]
        & (dv["vas"].to_numpy() >= 5)
        & (rng.random(len(dv)) < 0.6)
    )
    iv = dv[at_post]
    started = dv[needs]
    frames = [
        pd.DataFrame(
            {
                "patient_id": iv["patient_id"].to_numpy(),
                "timepoint": POST,
                "drug": "morphine",
                "route": "iv",
                "dose": rng.choice([2.0, 5.0], size=len(iv)),
                "unit": "mg",
                "per_day": rng.choice([1.0, 2.0], size=len(iv)),
                "visit_row": iv["visit_row"].to_numpy(),
                "slot": -1,
            }
        ),
        pd.DataFrame(
            {
                "patient_id": started["patient_id"].to_numpy(),
                "timepoint": started["timepoint"].to_numpy(),
                "drug": np.where(prefers_tramadol[started["patient_index"]], "tramadol", "oxycodone").astype(object),
                "route": "oral",
                "dose": 0.0,
                "unit": "mg",
                "per_day": 2.0,
                "visit_row": started["visit_row"].to_numpy(),
                "slot": -1,
            }
        ),
    ]
    frames[1]["dose"] = np.where(frames[1]["drug"] == "tramadol", 50.0, 10.0)
    return pd.concat(frames, ignore_index=True)
