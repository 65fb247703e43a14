"""Injected versus CT-measured cement, and reported versus CT-measured leakage (issue 15).

Present only when the dataset holds measured volumes or leakage (``imaging.ct_cement_ml`` /
``ct_leakage`` of the post-procedure CT).
"""

from __future__ import annotations

import pandas as pd

from ablacem.analysis.derive import Derived
from ablacem.analysis.options import AnalysisOptions
from ablacem.analysis.stats.agreement import bland_altman, two_by_two_agreement

from ._common import Section, table


def measured_pairs(lesions: pd.DataFrame) -> pd.DataFrame:
    """Treated lesions with both the injected (``cement_ml``) and the CT-measured volume."""
    if not len(lesions) or "ct_cement_ml" not in lesions:
        return pd.DataFrame({"cement_ml": [], "ct_cement_ml": []}, dtype="float64")
    les = lesions[lesions["treated"]]
    both = les["cement_ml"].notna() & les["ct_cement_ml"].notna()
    return les.loc[both, ["lesion_id", "cement_ml", "ct_cement_ml"]].astype({"cement_ml": "float64"})


def has_measurements(lesions: pd.DataFrame) -> bool:
    """Whether any treated lesion has a CT-measured volume or leakage."""
    if not len(lesions) or "ct_cement_ml" not in lesions:
        return False
    les = lesions[lesions["treated"]]
    return bool(les["ct_cement_ml"].notna().any() or les["ct_leakage"].notna().any())


def _fmt(x: float) -> str:
    return f"{x:.2f}"


def build(derived: Derived, options: AnalysisOptions) -> Section:
    """Bland-Altman bias and limits of agreement of measured minus injected volume; the 2x2 of
    reported and measured leakage with percent agreement and Cohen's kappa."""
    les = derived.lesions
    if not has_measurements(les):
        return Section()
    treated = les[les["treated"]]
    pairs = measured_pairs(les)
    ba = bland_altman(pairs["cement_ml"], pairs["ct_cement_ml"])
    leak = two_by_two_agreement(treated["cement_leakage"], treated["ct_leakage"])
    rows: list[dict] = [{"Measure": "Cement volume (treated lesions with both values)", "Value": "", "n": len(pairs)}]
    if ba is not None:
        rows += [
            {
                "Measure": "Injected, mL, mean (SD)",
                "Value": f"{pairs['cement_ml'].mean():.2f} ({pairs['cement_ml'].std(ddof=1):.2f})",
                "n": ba.n,
            },
            {
                "Measure": "Measured on CT, mL, mean (SD)",
                "Value": f"{pairs['ct_cement_ml'].mean():.2f} ({pairs['ct_cement_ml'].std(ddof=1):.2f})",
                "n": ba.n,
            },
            {
                "Measure": "Bias (measured minus injected), mL (95% CI)",
                "Value": f"{_fmt(ba.bias)} ({_fmt(ba.bias_ci[0])} to {_fmt(ba.bias_ci[1])})",
                "n": ba.n,
            },
            {"Measure": "95% limits of agreement, mL", "Value": f"{_fmt(ba.lower)} to {_fmt(ba.upper)}", "n": ba.n},
        ]
    if leak is not None:
        kappa = "not defined" if leak.kappa is None else f"{leak.kappa:.2f}"
        rows += [
            {"Measure": "Leakage (reported on the procedure form x measured on CT)", "Value": "", "n": leak.n},
            {"Measure": "Both yes", "Value": str(leak.both_yes), "n": ""},
            {"Measure": "Reported only", "Value": str(leak.first_only), "n": ""},
            {"Measure": "Measured only", "Value": str(leak.second_only), "n": ""},
            {"Measure": "Both no", "Value": str(leak.both_no), "n": ""},
            {"Measure": "Percent agreement", "Value": f"{leak.percent_agreement:.1f}%", "n": leak.n},
            {"Measure": "Cohen's kappa", "Value": kappa, "n": leak.n},
        ]
    note = (
        "Cement measured on the post-procedure CT by a density threshold (ablacem imaging; a measurement aid "
        "confirmed by the radiologist) compared with the volume injected. Bias and 95% limits of agreement "
        "(bias -/+ 1.96 SD of the differences) after Bland & Altman, Lancet 1986; confidence intervals of the "
        "bias with t, of the limits with SE sqrt(3 SD²/n). Leakage agreement: percent agreement and Cohen's "
        "kappa (Cohen 1960)."
    )
    results = {
        "ct_agreement": {
            "n_measured": int(treated["ct_cement_ml"].notna().sum()),
            "bland_altman": None if ba is None else ba.to_dict(),
            "leakage": None if leak is None else leak.to_dict(),
        }
    }
    return Section(
        results, [table("ct_agreement", "Table 2b. Cement injected and measured on CT", rows, note, "Procedure")]
    )
