"""Exploratory subgroup analyses: primary tumour, malignant vs benign, region, modality, and
the enrolling site when there are several."""

from __future__ import annotations

import pandas as pd

from ablacem.analysis.derive import Derived
from ablacem.analysis.options import AnalysisOptions
from ablacem.analysis.stats.describe import continuous, number, p_value
from ablacem.analysis.stats.groups import compare_binary, compare_continuous
from ablacem.analysis.stats.proportion import clopper_pearson, format_proportion
from ablacem.scoring.pain_response import EVALUABLE_CATEGORIES, RESPONDER_CATEGORIES

from ._common import Section, table, wide
from .outcomes import local_control_m3

#: Subgroup variables: results key -> (patients column, display name).
VARIABLES = {
    "primary_tumour": ("tumour_group", "Primary tumour"),
    "diagnosis": ("diagnosis", "Malignant vs benign"),
    "region": ("region_group", "Region"),
    "modality": ("modality_group", "Ablation modality"),
}
#: The site as a subgroup (issue 14), added only when the patients come from several sites.
SITE_VARIABLE = {"site": ("site_group", "Site")}


def variables(patients: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """:data:`VARIABLES`, and the site when the treated patients come from more than one."""
    several = "site_group" in patients and patients["site_group"].nunique() > 1
    return {**VARIABLES, **SITE_VARIABLE} if several else VARIABLES


def _patient_outcomes(derived: Derived) -> pd.DataFrame:
    p = derived.patients
    p = p[p["treated"]].set_index("patient_id") if len(p) else p.set_index("patient_id")
    change = wide(derived.visits, "vas_change")
    resp = wide(derived.visits, "pain_response")
    out = pd.DataFrame(index=p.index)
    out["vas_change_m1"] = change["m1"].reindex(p.index).astype("float64")
    out["vas_change_m3"] = change["m3"].reindex(p.index).astype("float64")
    r1 = resp["m1"].reindex(p.index)
    out["responder_m1"] = r1.isin(RESPONDER_CATEGORIES).where(r1.isin(EVALUABLE_CATEGORIES))
    return out


def build(derived: Derived, options: AnalysisOptions) -> Section:
    """Per subgroup level: n, VAS change at 1 and 3 months, responders at 1 month, local control; exploratory tests."""
    p = derived.patients
    p = p[p["treated"]] if len(p) else p
    outcomes = _patient_outcomes(derived)
    les = derived.lesions[derived.lesions["treated"]] if len(derived.lesions) else derived.lesions
    results: dict = {}
    tests: dict = {}
    rows = []
    for key, (column, name) in variables(p).items():
        groups = p.set_index("patient_id")[column]
        levels = list(pd.unique(groups.dropna()))
        levels = sorted(levels, key=lambda x: (x in ("other", "both"), str(x)))
        results[key] = {}
        for level in levels:
            ids = groups.index[groups.eq(level)]
            o = outcomes.loc[ids]
            c1, c3 = continuous(o["vas_change_m1"]), continuous(o["vas_change_m3"])
            resp = o["responder_m1"].dropna().astype(bool)
            lc = local_control_m3(les[les["patient_id"].isin(ids)])
            results[key][str(level)] = {
                "n": len(ids),
                "vas_change_m1_mean": c1["mean"],
                "vas_change_m1_n": c1["n"],
                "vas_change_m3_mean": c3["mean"],
                "vas_change_m3_n": c3["n"],
                "responders_m1": int(resp.sum()),
                "response_evaluable_m1": len(resp),
                "response_rate_m1": clopper_pearson(int(resp.sum()), len(resp)),
                "local_control_m3": lc,
            }
            rows.append(
                {
                    "Variable": name,
                    "Level": str(level),
                    "Patients": len(ids),
                    "VAS change 1 month, mean (n)": f"{number(c1['mean'])} ({c1['n']})",
                    "VAS change 3 months, mean (n)": f"{number(c3['mean'])} ({c3['n']})",
                    "Responders 1 month": f"{int(resp.sum())}/{len(resp)}",
                    "Local control 3 months (lesions)": format_proportion(lc),
                }
            )
        g = groups.reindex(outcomes.index)
        lesion_group = les["patient_id"].map(groups)
        lesion_ctrl = les["local_status_m3"].eq("controlled") & les["local_progression_day"].isna()
        lesion_eval = les["local_status_m3"].isin(["controlled", "progression"]) | les["local_progression_day"].notna()
        tests[key] = {
            "vas_change_m1": compare_continuous(outcomes["vas_change_m1"], g),
            "vas_change_m3": compare_continuous(outcomes["vas_change_m3"], g),
            "responders_m1": compare_binary(outcomes["responder_m1"], g, exact_r_by_2=True),
            "local_control_m3": compare_binary(lesion_ctrl.where(lesion_eval), lesion_group, exact_r_by_2=True),
        }
        t = tests[key]
        rows.append(
            {
                "Variable": name,
                "Level": "exploratory p",
                "Patients": "",
                "VAS change 1 month, mean (n)": _test_text(t["vas_change_m1"]),
                "VAS change 3 months, mean (n)": _test_text(t["vas_change_m3"]),
                "Responders 1 month": _test_text(t["responders_m1"]),
                "Local control 3 months (lesions)": _test_text(t["local_control_m3"]),
            }
        )
    note = (
        f"Exploratory analyses, not adjusted for multiplicity; p-values describe, they do not confirm. Primary tumours "
        f"with fewer than {options.subgroup_min_n} patients are pooled as 'other'; all benign lesions form one level. "
        "Region and modality are per patient ('both' = lesions of both kinds); with several sites, the site that "
        "enrolled the patient is one more subgroup. Tests: Mann-Whitney U (two levels) or "
        "Kruskal-Wallis (more) for VAS change; Fisher exact (two levels; Fisher-Freeman-Halton for more, or Pearson "
        "chi-square when the table is too large to enumerate) for response and local control (lesions counted as "
        "independent). Responders: complete or partial response among evaluable patients."
    )
    return Section(
        {"subgroups": results, "subgroup_tests": tests, "subgroup_min_n": options.subgroup_min_n},
        [table("subgroups", "Table 13. Exploratory subgroup analyses", rows, note, "Subgroups")],
    )


def _test_text(t: dict) -> str:
    if t["p"] is None:
        return "no test"
    return f"p = {p_value(t['p'])} ({t['test']})"
