"""Headline numbers of a tidy dataset, to compare a cohort with published series."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ablacem.dataset import Dataset
from ablacem.dataset.consistency import procedure_dates
from ablacem.protocol import FOLLOW_UP_DAYS, TIMEPOINT_CODES
from ablacem.protocol.codelists import BENIGN, CONTROLLED, DONE, END_REASON, LOCAL_PROGRESSION, MISSED, SPINAL
from ablacem.protocol.timepoints import BASELINE, MONTH_3
from ablacem.scoring.cirse import is_major


def _share(numerator: float, denominator: float) -> float:
    return float(numerator) / float(denominator) if denominator else math.nan


def _mean(values: pd.Series) -> float:
    return float(values.mean()) if values.notna().any() else math.nan


def summary(dataset: Dataset) -> dict:
    """Headline numbers of a cohort (synthetic or real).

    Shares are fractions (0-1), NaN when their denominator is empty. Denominators: patients
    for tumour mix, deaths and complications; lesions for the spinal share; procedures
    (treated lesions) for technical success and leakage; lesions imaged at 3 months and
    evaluable for local control; done visits for the VAS means.

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    dict
        ``patients``, ``lesions``, ``procedures``, ``spinal_share``, ``benign_share``,
        ``tumour_mix`` (code -> share, commonest first), ``modality`` (code -> share),
        ``vas_worst_mean`` / ``vas_worst_sd`` / ``vas_n`` (timepoint -> value),
        ``deaths_by_m3``, ``end_reasons`` (code -> count, plus ``in_follow_up``),
        ``technical_success``, ``leakage``, ``leakage_symptomatic``, ``complications``,
        ``major_complications``, ``local_control_m3``, ``distant_progression_m3``,
        ``missed_visits``.
    """
    p, les, pr, a = dataset.patients, dataset.lesions, dataset.procedures, dataset.assessments
    n = len(p)
    done = a[a["status"] == DONE]
    vas = done.groupby("timepoint")["vas_worst"]
    day0 = p["patient_id"].map(procedure_dates(dataset))
    died_early = ((p["death_date"] - day0).dt.days <= FOLLOW_UP_DAYS).fillna(False)
    leak = pr["cement_leakage"].fillna(False).astype(bool)
    ae = dataset.adverse_events
    major = ae.loc[is_major(ae["cirse_grade"]).fillna(False).astype(bool).to_numpy(), "patient_id"] if len(ae) else []
    m3 = dataset.imaging[dataset.imaging["timepoint"] == MONTH_3]
    evaluable = m3["local_status"].isin([CONTROLLED, LOCAL_PROGRESSION])
    follow_up = a[a["timepoint"] != BASELINE]
    expected = follow_up["status"].isin([DONE, MISSED])
    tumours = p["primary_tumour"].value_counts(normalize=True)
    reasons = p["end_reason"].value_counts()
    return {
        "patients": n,
        "lesions": len(les),
        "procedures": len(pr),
        "spinal_share": _share((les["region"] == SPINAL).sum(), len(les)),
        "benign_share": _share((p["diagnosis"] == BENIGN).sum(), n),
        "tumour_mix": {str(k): float(v) for k, v in tumours.items()},
        "modality": {str(k): float(v) for k, v in pr["modality"].value_counts(normalize=True).items()},
        "vas_worst_mean": {tp: _mean(vas.get_group(tp)) if tp in vas.groups else math.nan for tp in TIMEPOINT_CODES},
        "vas_worst_sd": {
            tp: float(vas.get_group(tp).std()) if tp in vas.groups else math.nan for tp in TIMEPOINT_CODES
        },
        "vas_n": {tp: int(vas.get_group(tp).notna().sum()) if tp in vas.groups else 0 for tp in TIMEPOINT_CODES},
        "deaths_by_m3": _share(died_early.sum(), n),
        "end_reasons": {
            **{k: int(reasons.get(k, 0)) for k in END_REASON.codes},
            "in_follow_up": int(p["end_reason"].isna().sum()),
        },
        "technical_success": _share(pr["technical_success"].fillna(False).astype(bool).sum(), len(pr)),
        "leakage": _share(leak.sum(), len(pr)),
        "leakage_symptomatic": _share(pr.loc[leak, "leakage_symptomatic"].fillna(False).astype(bool).sum(), leak.sum()),
        "complications": _share(ae["patient_id"].nunique(), n),
        "major_complications": _share(pd.Series(major, dtype=object).nunique(), n),
        "local_control_m3": _share((m3["local_status"] == CONTROLLED).sum(), evaluable.sum()),
        "distant_progression_m3": _share(m3["distant_progression"].fillna(False).astype(bool).sum(), len(m3)),
        "missed_visits": _share((follow_up["status"] == MISSED).sum(), expected.sum()),
    }


def _pct(value: float) -> str:
    return "n/a" if value is None or (isinstance(value, float) and np.isnan(value)) else f"{100 * value:.1f}%"


def _num(value: float) -> str:
    return "n/a" if isinstance(value, float) and np.isnan(value) else f"{value:.2f}"


def format_summary(numbers: dict) -> str:
    """The summary as plain text, one fact per line."""
    mix = ", ".join(f"{k} {_pct(v)}" for k, v in list(numbers["tumour_mix"].items())[:8])
    vas = ", ".join(
        f"{tp} {_num(numbers['vas_worst_mean'][tp])} (SD {_num(numbers['vas_worst_sd'][tp])}, n={numbers['vas_n'][tp]})"
        for tp in numbers["vas_worst_mean"]
    )
    ends = ", ".join(f"{k} {v}" for k, v in numbers["end_reasons"].items())
    modality = ", ".join(f"{k} {_pct(v)}" for k, v in numbers["modality"].items())
    lines = [
        f"Patients: {numbers['patients']}, lesions: {numbers['lesions']}, procedures: {numbers['procedures']}",
        f"Spinal lesions: {_pct(numbers['spinal_share'])}; benign disease: {_pct(numbers['benign_share'])}",
        f"Primary tumour: {mix}",
        f"Modality: {modality}",
        f"Worst pain (VAS 0-10) mean: {vas}",
        f"Deaths by 3 months: {_pct(numbers['deaths_by_m3'])}",
        f"End of study: {ends}",
        f"Technical success: {_pct(numbers['technical_success'])} of treated lesions",
        f"Cement leakage: {_pct(numbers['leakage'])} of treated lesions "
        f"({_pct(numbers['leakage_symptomatic'])} of leaks symptomatic)",
        f"Complications: {_pct(numbers['complications'])} of patients "
        f"(major, CIRSE 3+: {_pct(numbers['major_complications'])})",
        f"Local tumour control at 3 months: {_pct(numbers['local_control_m3'])} of evaluable lesions; "
        f"distant progression {_pct(numbers['distant_progression_m3'])}",
        f"Missed follow-up visits: {_pct(numbers['missed_visits'])}",
    ]
    return "\n".join(lines) + "\n"
