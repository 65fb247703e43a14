"""Technical success and complications with exact confidence intervals."""

from __future__ import annotations

from ablacem.analysis.derive import Derived
from ablacem.analysis.options import AnalysisOptions
from ablacem.analysis.stats.proportion import clopper_pearson, format_proportion
from ablacem.protocol import codelists as cl
from ablacem.scoring.cirse import GRADES

from ._common import Section, table


def technical_success(derived: Derived) -> dict:
    """Per treated lesion, and per patient (every treated lesion successful), with exact CIs.

    Technical success as defined by Ahmed et al., Radiology 2014;273:241-260.
    """
    les = derived.lesions[derived.lesions["treated"]] if len(derived.lesions) else derived.lesions
    ok = les["technical_success"]
    lesion = clopper_pearson(int(ok.eq(True).sum()), int(ok.notna().sum()))
    per_patient = ok.groupby(les["patient_id"]).agg(lambda s: bool(s.notna().all() and s.eq(True).all()))
    patient = clopper_pearson(int(per_patient.sum()), len(per_patient))
    return {"lesion": lesion, "patient": patient}


def complications(derived: Derived) -> dict:
    """Patients with any and with a major (CIRSE 3+) complication among the treated, exact CIs.

    CIRSE classification: Filippiadis et al., Cardiovasc Intervent Radiol 2017;40:1141-1146.
    ``by_cirse_grade`` counts events; ``patients_by_worst_grade`` counts patients by their worst
    grade; ``by_relation`` counts events by what they were related to.
    """
    p = derived.patients
    treated = set(p.loc[p["treated"], "patient_id"]) if len(p) else set()
    ae = derived.adverse_events
    ae = ae[ae["patient_id"].isin(treated)]
    n = len(treated)
    worst = ae.groupby("patient_id")["cirse_grade"].max()
    return {
        "any": clopper_pearson(int(ae["patient_id"].nunique()), n),
        "major": clopper_pearson(int(ae.loc[ae["major"], "patient_id"].nunique()), n),
        "by_cirse_grade": {str(g): int(ae["cirse_grade"].eq(g).sum()) for g in GRADES},
        "patients_by_worst_grade": {str(g): int(worst.eq(g).sum()) for g in GRADES},
        "by_relation": {code: int(ae["related_to"].eq(code).sum()) for code in cl.AE_RELATION.codes},
        "events": len(ae),
        "serious_events": int(ae["serious"].eq(True).sum()),
    }


def build(derived: Derived, options: AnalysisOptions) -> Section:
    """Technical success table and complications table."""
    ts = technical_success(derived)
    comp = complications(derived)
    ts_rows = [
        {"Outcome": "Technical success per lesion", "Result": format_proportion(ts["lesion"])},
        {"Outcome": "Technical success per patient (all lesions)", "Result": format_proportion(ts["patient"])},
    ]
    ts_note = (
        "Technical success: ablation completed and cement injected as planned (Ahmed et al., Radiology 2014). "
        "Exact Clopper-Pearson 95% confidence intervals."
    )
    n = comp["any"]["n"]
    rows = [
        {"Complication": "Any complication (patients)", "Result": format_proportion(comp["any"])},
        {"Complication": "Major complication, CIRSE grade 3-6 (patients)", "Result": format_proportion(comp["major"])},
        {"Complication": "Events, total", "Result": str(comp["events"])},
        {"Complication": "Serious adverse events", "Result": str(comp["serious_events"])},
    ]
    for g in GRADES:
        rows.append(
            {
                "Complication": f"    CIRSE grade {cl.CIRSE_GRADE.label_of(str(g))}",
                "Result": f"events {comp['by_cirse_grade'][str(g)]}; "
                f"patients with this worst grade {comp['patients_by_worst_grade'][str(g)]}",
            }
        )
    for code, k in comp["by_relation"].items():
        rows.append({"Complication": f"    related to: {cl.AE_RELATION.label_of(code)}", "Result": f"events {k}"})
    c_note = (
        f"Among {n} treated patients. CIRSE classification (Filippiadis et al., Cardiovasc Intervent Radiol 2017); "
        "major = grade 3 or higher. Exact Clopper-Pearson 95% confidence intervals."
    )
    return Section(
        {"technical_success": ts, "complications": comp},
        [
            table("technical_success", "Table 3. Technical success", ts_rows, ts_note, "Safety"),
            table("complications", "Table 4. Complications", rows, c_note, "Safety"),
        ],
    )
