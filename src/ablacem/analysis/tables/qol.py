"""EORTC QLQ-C30: scores by timepoint, change from baseline, 10-point categories, mixed models."""

from __future__ import annotations

import pandas as pd

from ablacem.analysis.derive import Derived
from ablacem.analysis.options import AnalysisOptions
from ablacem.analysis.stats.describe import mean_ci, number, p_value
from ablacem.analysis.stats.mixed import timepoint_mixed_model
from ablacem.analysis.stats.paired import holm
from ablacem.scoring.qlqc30 import SCALE_CODES, SCALES, higher_is_better
from ablacem.scoring.qlqc30_change import change_category

from ._common import FOLLOW_UPS, TIMEPOINTS, Section, label, table, wide_columns
from ._paired import by_timepoint
from .pain import mixed_model_table

SCALE_LABELS = {s.code: s.label for s in SCALES} | {"SUMMARY": "Summary score"}
MIXED_MODEL_SCALES = ("QL2", "SUMMARY")


def qlqc30_results(derived: Derived, alpha: float = 0.05) -> dict:
    """Per scale and timepoint: n, mean, SD; at follow-ups the change from baseline with its t-based
    95% CI, the paired Wilcoxon p (R defaults), Holm-adjusted across the 16 scores within each
    timepoint, and the improved / stable / worsened counts (10-point rule; Osoba et al., J Clin
    Oncol 1998;16:139-144, ablacem rule). Scores per the EORTC QLQ-C30 Scoring Manual, 3rd ed.
    """
    wides = wide_columns(derived.visits, SCALE_CODES)
    out: dict = {}
    for scale in SCALE_CODES:
        w = wides[scale]
        stats = by_timepoint(w, ttest=False)
        out[scale] = {}
        for tp in TIMEPOINTS:
            s = stats[tp]
            entry = {k: s[k] for k in ("n", "mean", "sd", "median")}
            if tp != "baseline":
                cats = change_category(w["baseline"], w[tp], scale)
                counts = pd.Series(cats).dropna().value_counts()
                entry.update(
                    {
                        "n_pairs": s["n_pairs"],
                        "change_mean": s["change_mean"],
                        "change_sd": s["change_sd"],
                        "change_ci95": mean_ci(s["change_mean"], s["change_sd"], s["n_pairs"], alpha),
                        "wilcoxon_p": s["wilcoxon_p"],
                        "improved": int(counts.get("improved", 0)),
                        "stable": int(counts.get("stable", 0)),
                        "worsened": int(counts.get("worsened", 0)),
                    }
                )
            out[scale][tp] = entry
    for tp in FOLLOW_UPS:
        ps = [out[s][tp]["wilcoxon_p"] for s in SCALE_CODES]
        adjusted = holm([float("nan") if p is None else p for p in ps])
        for scale, p in zip(SCALE_CODES, adjusted, strict=True):
            out[scale][tp]["wilcoxon_p_holm"] = None if p != p else p
    return out


def build(derived: Derived, options: AnalysisOptions) -> Section:
    """QLQ-C30 by timepoint, change from baseline, and mixed models for QL2 and SUMMARY."""
    res = qlqc30_results(derived, options.alpha)
    rows = []
    for scale in SCALE_CODES:
        row = {
            "Scale": f"{SCALE_LABELS[scale]} ({scale})",
            "Higher is": "better" if higher_is_better(scale) else "worse",
        }
        for tp in TIMEPOINTS:
            s = res[scale][tp]
            row[label(tp)] = "NA" if not s["n"] else f"{number(s['mean'])} ({number(s['sd'])}), n={s['n']}"
        rows.append(row)
    note = (
        "EORTC QLQ-C30 version 3.0 scores (0-100; scoring manual 3rd ed., half rule for missing items); summary "
        "score after Giesinger et al., J Clin Epidemiol 2016. Mean (SD), n. Higher is better for global health, "
        "functional scales and the summary score; higher is worse for symptom scales."
    )
    c_rows = []
    for scale in SCALE_CODES:
        for tp in FOLLOW_UPS:
            s = res[scale][tp]
            lo, hi = s["change_ci95"]
            c_rows.append(
                {
                    "Scale": f"{SCALE_LABELS[scale]} ({scale})",
                    "Timepoint": label(tp),
                    "Pairs": s["n_pairs"],
                    "Change, mean (95% CI)": "NA"
                    if s["change_mean"] is None
                    else f"{number(s['change_mean'])} ({number(lo)} to {number(hi)})",
                    "Wilcoxon p": p_value(s["wilcoxon_p"]),
                    "Holm-adjusted p": p_value(s["wilcoxon_p_holm"]),
                    "Improved": s["improved"],
                    "Stable": s["stable"],
                    "Worsened": s["worsened"],
                }
            )
    c_note = (
        "Change = follow-up minus baseline in patients with both scores. Paired Wilcoxon signed-rank test (R "
        "defaults); Holm adjustment across the 16 scores within each timepoint. Improved / worsened = a change of 10 "
        "points or more in the favourable / unfavourable direction (Osoba et al., J Clin Oncol 1998), else stable."
    )
    results: dict = {"qlqc30": res, "qlqc30_mixed_models": {}}
    tables = [
        table("qlqc30", "Table 10. EORTC QLQ-C30 scores by timepoint", rows, note, "Quality of life"),
        table("qlqc30_change", "Table 11. EORTC QLQ-C30 change from baseline", c_rows, c_note, "Quality of life"),
    ]
    for scale in MIXED_MODEL_SCALES:
        model = timepoint_mixed_model(derived.visits, scale, levels=TIMEPOINTS, alpha=options.alpha)
        mm_res, mm_table = mixed_model_table(
            model,
            f"qlqc30_{scale.lower()}_mixed_model",
            f"Mixed model for QLQ-C30 {SCALE_LABELS[scale].lower()} ({scale})",
            f"QLQ-C30 {scale}",
            "Quality of life",
        )
        results["qlqc30_mixed_models"][scale] = mm_res
        tables.append(mm_table)
    return Section(results, tables)
