"""Analgesics: OMED by timepoint, its mixed model, and the WHO-step shift tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.analysis.derive import Derived
from ablacem.analysis.options import AnalysisOptions
from ablacem.analysis.stats.describe import number, p_value
from ablacem.analysis.stats.mixed import timepoint_mixed_model

from ._common import FOLLOW_UPS, TIMEPOINTS, WHO_LABELS, Section, label, table, wide
from ._paired import by_timepoint
from .pain import mixed_model_table

WHO_STEPS = (0, 1, 2, 3)


def who_shift(derived: Derived) -> dict:
    """Baseline x follow-up WHO analgesic step counts (patients with both known), per follow-up.

    WHO analgesic ladder (WHO, Cancer Pain Relief, 1986/1996); ablacem rule for weak opioids.
    """
    w = wide(derived.visits, "who_step")
    out = {}
    for tp in FOLLOW_UPS:
        pairs = pd.DataFrame({"b": w["baseline"], "f": w[tp]}).dropna().astype(int)
        counts = pd.crosstab(pairs["b"], pairs["f"]).reindex(index=WHO_STEPS, columns=WHO_STEPS, fill_value=0)
        out[tp] = {
            "steps": list(WHO_STEPS),
            "counts": counts.to_numpy(dtype=int).tolist(),
            "n": len(pairs),
            "lower": int((pairs["f"] < pairs["b"]).sum()),
            "same": int((pairs["f"] == pairs["b"]).sum()),
            "higher": int((pairs["f"] > pairs["b"]).sum()),
        }
    return out


def build(derived: Derived, options: AnalysisOptions) -> Section:
    """OMED table, OMED mixed model (log(1 + OMED)) and WHO step shift table."""
    v = derived.visits
    stats = by_timepoint(wide(v, "omed"), ttest=False)
    omed = {}
    rows = []
    for tp in TIMEPOINTS:
        s = stats[tp]
        omed[tp] = {k: s.get(k) for k in ("n", "median", "q1", "q3", "mean", "sd")}
        if tp != "baseline":
            omed[tp].update(
                {k: s[k] for k in ("n_pairs", "change_mean", "change_median", "wilcoxon_p", "wilcoxon_p_holm")}
            )
        rows.append(
            {
                "Timepoint": label(tp),
                "n": s["n"],
                "Median (Q1-Q3), mg/day": "NA"
                if not s["n"]
                else f"{number(s['median'])} ({number(s['q1'])}-{number(s['q3'])})",
                "Mean (SD), mg/day": "NA" if not s["n"] else f"{number(s['mean'])} ({number(s['sd'])})",
                "Change, median": "" if tp == "baseline" else number(s["change_median"]),
                "Wilcoxon p": "" if tp == "baseline" else p_value(s["wilcoxon_p"]),
                "Holm-adjusted p": "" if tp == "baseline" else p_value(s["wilcoxon_p_holm"]),
            }
        )
    unconvertible = int(v["n_unconvertible"].fillna(0).sum()) if len(v) else 0
    note = (
        "Oral morphine equivalent daily dose (OMED, mg/day; CDC 2022 conversion factors). A visit done without "
        "analgesics counts as 0. OMED is unknown at a visit where any dose could not be converted "
        f"({unconvertible} dose(s) in this dataset). Paired Wilcoxon signed-rank test against baseline (R defaults), "
        "Holm adjustment across the four follow-ups."
    )
    logged = v.assign(log_omed=np.log1p(v["omed"].astype("float64")))
    model = timepoint_mixed_model(logged, "log_omed", levels=TIMEPOINTS, alpha=options.alpha)
    mm_res, mm_table = mixed_model_table(
        model,
        "omed_mixed_model",
        "Mixed model for log(1 + OMED)",
        "log(1 + OMED)",
        "Analgesics",
        ratio="Ratio of (1 + OMED) to baseline (95% CI)",
    )
    shift = who_shift(derived)
    s_rows = [
        {
            "Follow-up": label(tp),
            "Baseline step": WHO_LABELS[b],
            **{WHO_LABELS[f]: shift[tp]["counts"][i][j] for j, f in enumerate(WHO_STEPS)},
        }
        for tp in FOLLOW_UPS
        for i, b in enumerate(WHO_STEPS)
    ]
    s_note = (
        "Patients with the WHO analgesic step known at baseline (rows) and at the follow-up (columns). Step 0 none, "
        "1 non-opioid only, 2 weak opioid (codeine or tramadol), 3 strong opioid. "
        + "; ".join(
            f"{label(tp)}: {shift[tp]['lower']} lower, {shift[tp]['same']} same, {shift[tp]['higher']} higher"
            for tp in FOLLOW_UPS
        )
        + "."
    )
    return Section(
        {"omed": omed, "omed_mixed_model": mm_res, "who_step_shift": shift},
        [
            table("omed", "Table 8. Analgesic use (OMED) by timepoint", rows, note, "Analgesics"),
            mm_table,
            table(
                "who_step_shift", "Table 9. WHO analgesic step: baseline versus follow-up", s_rows, s_note, "Analgesics"
            ),
        ],
    )
