"""Study populations and the STROBE flow counts."""

from __future__ import annotations

from ablacem.analysis.derive import Derived
from ablacem.analysis.options import AnalysisOptions

from ._common import TIMEPOINTS, Section, label, table
from .missing import missing_counts


def build(derived: Derived, options: AnalysisOptions) -> Section:
    """Enrolled, treated and evaluable-per-timepoint counts and the STROBE flow.

    STROBE: von Elm E et al., Lancet 2007;370:1453-1457 (item 13, flow of participants).
    """
    p = derived.patients
    enrolled = len(p)
    treated = int(p["treated"].sum()) if enrolled else 0
    les = derived.lesions
    flow = missing_counts(derived, "vas_worst")
    end = p.loc[p["treated"], "end_reason"].fillna("in follow-up").value_counts() if enrolled else {}
    results = {
        "n": {"enrolled": enrolled, "treated": treated, "lesions": len(les)},
        "populations": {
            "enrolled": enrolled,
            "treated": treated,
            "not_treated": enrolled - treated,
            "lesions_treated": int(les["treated"].sum()) if len(les) else 0,
            "evaluable_vas": {tp: flow[tp]["received"] for tp in TIMEPOINTS},
            "end_of_study": {str(k): int(v) for k, v in dict(end).items()},
        },
        "strobe_flow": [{"timepoint": tp, **flow[tp]} for tp in TIMEPOINTS],
    }
    rows = [
        {"Step": "Enrolled", "Patients": str(enrolled), "Detail": ""},
        {
            "Step": "Not treated",
            "Patients": str(enrolled - treated),
            "Detail": "no procedure recorded" if enrolled - treated else "",
        },
        {
            "Step": "Treated (safety and analysis population)",
            "Patients": str(treated),
            "Detail": f"{results['populations']['lesions_treated']} lesions",
        },
    ]
    for tp in TIMEPOINTS:
        c = flow[tp]
        gone = ", ".join(
            f"{k} {c[key]}"
            for k, key in (
                ("died", "died"),
                ("withdrew", "withdrew"),
                ("lost", "lost_to_follow-up"),
                ("not yet due", "not_yet_due"),
            )
            if c[key]
        )
        missing = ", ".join(
            f"{k} {c[key]}"
            for k, key in (
                ("missed", "missed"),
                ("value missing", "done_value_missing"),
                ("not recorded", "not_recorded"),
            )
            if c[key]
        )
        detail = "; ".join(
            x for x in (f"not expected: {gone}" if gone else "", f"missing: {missing}" if missing else "") if x
        )
        rows.append(
            {
                "Step": f"{label(tp)}: VAS received / expected",
                "Patients": f"{c['received']} / {c['expected']}",
                "Detail": detail,
            }
        )
    note = (
        "Counts of patients at each step (STROBE). Evaluable at a timepoint = worst-pain score recorded. "
        "Not expected = died, withdrew or was lost before the visit, or the visit is not yet due."
    )
    t = table("populations", "Study populations and flow of patients", rows, note, "Study population")
    return Section(results, [t])
