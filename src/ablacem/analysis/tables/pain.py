"""Pain: VAS by timepoint with paired tests, the VAS mixed model, and pain response."""

from __future__ import annotations

import math

from ablacem.analysis.derive import Derived
from ablacem.analysis.derive.visits import visit_reasons
from ablacem.analysis.options import AnalysisOptions
from ablacem.analysis.stats.describe import number, p_value
from ablacem.analysis.stats.mixed import timepoint_mixed_model
from ablacem.analysis.stats.proportion import clopper_pearson, format_proportion
from ablacem.scoring.pain_response import EVALUABLE_CATEGORIES, RESPONDER_CATEGORIES

from ._common import FOLLOW_UPS, TIMEPOINTS, Section, label, table, wide
from ._paired import by_timepoint

RESPONSE_CATEGORIES = EVALUABLE_CATEGORIES


def mixed_model_table(
    model: dict, id: str, title: str, outcome: str, section: str, *, ratio: str | None = None
) -> tuple[dict, object]:
    """results.json entries ``{tp: {"estimate", "ci95", "p"}}`` and the table of a mixed model.

    With ``ratio`` (for an outcome analysed on the log scale) the table adds that column:
    exp(estimate) with exp of the CI limits, the ratio of the follow-up to baseline on the
    original scale.
    """
    res = {tp: model["estimates"][tp] for tp in FOLLOW_UPS if tp in model["estimates"]}
    rows = []
    for tp, e in res.items():
        lo, hi = e["ci95"]
        row = {
            "Timepoint": label(tp),
            "Estimated change from baseline": number(e["estimate"], 2),
            "95% CI": "NA" if lo is None else f"{lo:.2f} to {hi:.2f}",
        }
        if ratio:
            row[ratio] = (
                "NA" if lo is None else f"{math.exp(e['estimate']):.2f} ({math.exp(lo):.2f} to {math.exp(hi):.2f})"
            )
        row["p"] = p_value(e["p"])
        rows.append(row)
    note = (
        f"Linear mixed model for {outcome}: timepoint as a categorical fixed effect (baseline reference), random "
        f"intercept per patient, REML; {model['n_observations']} observations from {model['n_subjects']} patients. "
        "Estimand: mean change from baseline while alive (all available observations; no imputation after death). "
        "Wald 95% CI and p. "
        + (
            "The change is on the log scale; the ratio is its exponential (geometric-mean ratio of the follow-up to "
            "baseline on the original scale, below 1 = lower). "
            if ratio
            else ""
        )
        + (model["note"] or "")
    ).strip()
    return res, table(id, title, rows, note, section)


def pain_response(derived: Derived) -> tuple[dict, dict]:
    """Consensus pain response per follow-up, and the sensitivity with deaths as non-responders.

    International Bone Metastases Consensus (Chow E et al., Int J Radiat Oncol Biol Phys
    2012;82:1730-1737), ablacem operational rule.
    """
    v = derived.visits
    reasons = visit_reasons(derived.visits, derived.patients, "vas_worst")
    main, sensitivity = {}, {}
    for tp in FOLLOW_UPS:
        at = v["timepoint"].eq(tp)
        cats = v.loc[at, "pain_response"]
        counts = {c: int(cats.eq(c).sum()) for c in RESPONSE_CATEGORIES}
        evaluable = sum(counts.values())
        responders = sum(counts[c] for c in RESPONDER_CATEGORIES)
        prop = clopper_pearson(responders, evaluable)
        main[tp] = {
            **counts,
            "evaluable": evaluable,
            "not_evaluable": int(at.sum()) - evaluable,
            "responders": responders,
            "response_rate": prop["rate"],
            "ci95": prop["ci95"],
        }
        died = int((reasons[at] == "died").sum()) if len(reasons) else 0
        sens = clopper_pearson(responders, evaluable + died)
        sensitivity[tp] = {"responders": responders, "denominator": evaluable + died, "deaths": died, **sens}
    return main, sensitivity


def build(derived: Derived, options: AnalysisOptions) -> Section:
    """VAS table, VAS mixed-model table, pain response table."""
    v = derived.visits
    vas = by_timepoint(wide(v, "vas_worst"))
    rows = []
    for tp in TIMEPOINTS:
        s = vas[tp]
        rows.append(
            {
                "Timepoint": label(tp),
                "n": s["n"],
                "Mean (SD)": "NA" if not s["n"] else f"{number(s['mean'])} ({number(s['sd'])})",
                "Median (Q1-Q3)": "NA"
                if not s["n"]
                else f"{number(s['median'])} ({number(s['q1'])}-{number(s['q3'])})",
                "Pairs": s.get("n_pairs", ""),
                "Change, mean (SD)": ""
                if tp == "baseline"
                else f"{number(s['change_mean'])} ({number(s['change_sd'])})",
                "Wilcoxon p": "" if tp == "baseline" else p_value(s["wilcoxon_p"]),
                "Holm-adjusted p": "" if tp == "baseline" else p_value(s["wilcoxon_p_holm"]),
                "Paired t-test p": "" if tp == "baseline" else p_value(s["ttest_p"]),
            }
        )
    vas_note = (
        "Worst pain at the treated site in the last 24 hours (0-10). Change = follow-up minus baseline in patients "
        "with both values (pairs). Wilcoxon signed-rank test as R wilcox.test(paired = TRUE): exact when fewer than "
        "50 pairs without ties or zero differences, otherwise normal approximation with continuity correction. "
        "Holm adjustment across the four follow-ups. Paired t-test as sensitivity analysis."
    )
    model = timepoint_mixed_model(v, "vas_worst", levels=TIMEPOINTS, alpha=options.alpha)
    mm_res, mm_table = mixed_model_table(
        model, "vas_mixed_model", "Table 6. Mixed model for worst pain (VAS)", "worst pain (VAS 0-10)", "Pain"
    )
    response, sensitivity = pain_response(derived)
    r_rows = []
    for tp in FOLLOW_UPS:
        r, s = response[tp], sensitivity[tp]
        e = r["evaluable"]
        r_rows.append(
            {
                "Timepoint": label(tp),
                "Evaluable": e,
                "Complete": f"{r['complete']}" + (f" ({100 * r['complete'] / e:.1f}%)" if e else ""),
                "Partial": f"{r['partial']}" + (f" ({100 * r['partial'] / e:.1f}%)" if e else ""),
                "Indeterminate": f"{r['indeterminate']}" + (f" ({100 * r['indeterminate'] / e:.1f}%)" if e else ""),
                "Progression": f"{r['progression']}" + (f" ({100 * r['progression'] / e:.1f}%)" if e else ""),
                "Responders (95% CI)": format_proportion(clopper_pearson(r["responders"], e)),
                "Not evaluable": r["not_evaluable"],
                "Sensitivity: deaths as non-responders": format_proportion(s),
            }
        )
    r_note = (
        "International Bone Metastases Consensus (Chow et al., 2012): responders = complete + partial. Evaluable = "
        "baseline worst pain >= 2 and both pain and OMED known at the visit. Sensitivity analysis: patients who died "
        "before the visit are added to the denominator as non-responders. Exact Clopper-Pearson 95% CI."
    )
    return Section(
        {
            "vas": vas,
            "vas_mixed_model": mm_res,
            "vas_mixed_model_fit": {k: model[k] for k in model if k != "estimates"},
            "pain_response": response,
            "pain_response_sensitivity": sensitivity,
        },
        [
            table("vas", "Table 5. Worst pain (VAS 0-10) by timepoint", rows, vas_note, "Pain"),
            mm_table,
            table("pain_response", "Table 7. Pain response (International Consensus)", r_rows, r_note, "Pain"),
        ],
    )
