"""Technical success and complications with exact confidence intervals."""

from __future__ import annotations

import pandas as pd

from ablacem.analysis.derive import Derived
from ablacem.analysis.options import AnalysisOptions
from ablacem.analysis.stats.proportion import clopper_pearson, format_proportion
from ablacem.dataset.schema import SERIOUS_CRITERIA_COLUMNS
from ablacem.protocol import codelists as cl
from ablacem.protocol.safety import SAE_ACKNOWLEDGE_HOURS, within_clock
from ablacem.scoring.cirse import GRADES

from ._common import Section, table


def technical_success(derived: Derived) -> dict:
    """Per treated lesion, and per patient (every treated lesion successful), with exact CIs.

    Technical success as defined by Ahmed et al., Radiology 2014;273:241-260.
    """
    les = derived.lesions[derived.lesions["treated"]] if len(derived.lesions) else derived.lesions
    ok = les["technical_success"]
    lesion = clopper_pearson(int(ok.eq(True).sum()), int(ok.notna().sum()))
    # Successful patient: every treated lesion recorded and successful (a missing value is not).
    per_patient = ok.eq(True).fillna(False).astype(bool).groupby(les["patient_id"]).all()
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


def _treated_events(derived: Derived):
    p = derived.patients
    treated = set(p.loc[p["treated"], "patient_id"]) if len(p) else set()
    ae = derived.adverse_events
    return ae[ae["patient_id"].isin(treated)]


#: The causality columns of an event and what they are to.
CAUSALITY_COLUMNS = {
    "relation_procedure": "the procedure",
    "relation_ablation": "the ablation system",
    "relation_cement": "the bone cement",
}


def _counts(values, codes) -> dict[str, int]:
    """Events per code of ``codes``, and ``not_recorded`` for blanks (and unknown codes)."""
    counts = {code: int(values.eq(code).sum()) for code in codes}
    counts["not_recorded"] = int(len(values) - sum(counts.values()))
    return counts


def safety_profile(derived: Derived) -> dict:
    """Adverse events of treated patients by causality, seriousness, expectedness and outcome.

    Causality to the procedure, the ablation system and the cement per MEDDEV 2.7/3 rev. 3
    (2015) level, with "related" = possible, probable or causal; seriousness and its criteria
    (ICH E2A, 1994, II.B; an event may meet several); expectedness (ICH E2A II.C); outcome (ICH
    E2B(R3) E.i.7). Counts of events; blanks (events recorded before these fields) are counted
    as not recorded.
    """
    ae = _treated_events(derived)
    causality = {}
    for column in CAUSALITY_COLUMNS:
        values = ae[column]
        causality[column] = _counts(values, cl.AE_CAUSALITY.codes)
        causality[column]["related"] = int(values.isin(cl.AE_RELATED).sum())
    serious = ae["serious"].eq(True)
    criteria = {
        item.code: int((serious & ae[column].eq(True)).sum()) for column, item in SERIOUS_CRITERIA_COLUMNS.items()
    }
    return {
        "events": len(ae),
        "causality": causality,
        "serious": {"yes": int(serious.sum()), "no": int(ae["serious"].eq(False).sum()), "criteria": criteria},
        "expectedness": _counts(ae["expectedness"], cl.AE_EXPECTEDNESS.codes),
        "serious_unexpected": int((serious & ae["expectedness"].eq(cl.UNEXPECTED)).sum()),
        "outcome": _counts(ae["outcome"], cl.AE_OUTCOME.codes),
    }


def sae_acknowledgement(derived: Derived) -> dict:
    """Per serious adverse event, hours from awareness to an investigator's acknowledgement.

    The clock and its 24 hours: :mod:`ablacem.protocol.safety` (ICH E6(R2) 4.11.1, "immediately").
    ``within`` is True, False, or None while not acknowledged.
    """
    ae = derived.adverse_events
    sae = ae[ae["serious"].eq(True)].sort_values("ae_id")
    rows = []
    for r in sae.to_dict("records"):
        hours = r.get("ack_hours")
        hours = None if hours is None or pd.isna(hours) else float(hours)
        aware = r.get("aware_date")
        rows.append(
            {
                "ae_id": r["ae_id"],
                "aware_date": None if aware is None or pd.isna(aware) else pd.Timestamp(aware).date().isoformat(),
                "ack_hours": hours,
                "within": within_clock(hours),
            }
        )
    acknowledged = [r for r in rows if r["within"] is not None]
    return {
        "events": rows,
        "serious_events": len(rows),
        "acknowledged": len(acknowledged),
        "within": sum(1 for r in acknowledged if r["within"]),
        "limit_hours": SAE_ACKNOWLEDGE_HOURS,
    }


def _profile_rows(profile: dict) -> list[dict]:
    def line(label, k):
        n = profile["events"]
        return {"Adverse events": label, "Events": f"{k} ({100 * k / n:.0f}%)" if n else "0"}

    rows = [{"Adverse events": "Events, total", "Events": str(profile["events"])}]
    for column, what in CAUSALITY_COLUMNS.items():
        counts = profile["causality"][column]
        rows.append(line(f"Related to {what} (possible, probable or causal)", counts["related"]))
        rows += [line(f"    {cl.AE_CAUSALITY.label_of(c)}", counts[c]) for c in cl.AE_CAUSALITY.codes]
        rows.append(line("    not recorded", counts["not_recorded"]))
    rows.append(line("Serious", profile["serious"]["yes"]))
    for code, k in profile["serious"]["criteria"].items():
        rows.append(line(f"    {cl.SERIOUSNESS_CRITERION.label_of(code)}", k))
    rows.append(line("Serious and unexpected", profile["serious_unexpected"]))
    for code in cl.AE_EXPECTEDNESS.codes:
        rows.append(line(cl.AE_EXPECTEDNESS.label_of(code), profile["expectedness"][code]))
    rows.append(line("Expectedness not recorded", profile["expectedness"]["not_recorded"]))
    for code in cl.AE_OUTCOME.codes:
        rows.append(line(f"Outcome: {cl.AE_OUTCOME.label_of(code)}", profile["outcome"][code]))
    rows.append(line("Outcome not recorded", profile["outcome"]["not_recorded"]))
    return rows


def _ack_rows(ack: dict) -> list[dict]:
    rows = []
    for r in ack["events"]:
        within = {True: "yes", False: "no", None: "not acknowledged"}[r["within"]]
        hours = "" if r["ack_hours"] is None else f"{r['ack_hours']:.1f}"
        rows.append(
            {
                "Serious adverse event": r["ae_id"],
                "Staff aware": r["aware_date"] or "not recorded",
                "Hours to acknowledgement": hours,
                f"Within {ack['limit_hours']} h": within,
            }
        )
    return rows


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
    profile = safety_profile(derived)
    ack = sae_acknowledgement(derived)
    p_note = (
        f"Events among {n} treated patients. Causality: MEDDEV 2.7/3 rev. 3 levels, related = possible, probable "
        "or causal; seriousness criteria (an event may meet several) and expectedness: ICH E2A; outcome: ICH E2B(R3)."
    )
    a_note = (
        f"{ack['within']} of {ack['serious_events']} serious adverse events acknowledged by an investigator within "
        f"{ack['limit_hours']} hours of staff becoming aware ({ack['acknowledged']} acknowledged); the clock starts "
        "at the recorded time of awareness, or midnight of its day when no time was recorded."
    )
    ack_frame = pd.DataFrame(
        _ack_rows(ack),
        columns=["Serious adverse event", "Staff aware", "Hours to acknowledgement", f"Within {ack['limit_hours']} h"],
    )
    return Section(
        {"technical_success": ts, "complications": comp, "safety_profile": profile, "sae_acknowledgement": ack},
        [
            table("technical_success", "Table 3. Technical success", ts_rows, ts_note, "Safety"),
            table("complications", "Table 4. Complications", rows, c_note, "Safety"),
            table(
                "safety_profile",
                "Table 4a. Adverse events: causality, seriousness, expectedness, outcome",
                _profile_rows(profile),
                p_note,
                "Safety",
            ),
            table(
                "sae_acknowledgement",
                "Table 4b. Serious adverse events: time to acknowledgement",
                ack_frame,
                a_note,
                "Safety",
            ),
        ],
    )
