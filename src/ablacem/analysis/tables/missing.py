"""Missing data per timepoint: expected, received and missing with reasons (SISAQOL style)."""

from __future__ import annotations

import pandas as pd

from ablacem.analysis.derive import Derived
from ablacem.analysis.derive.visits import visit_reasons
from ablacem.analysis.options import AnalysisOptions

from ._common import TIMEPOINTS, Section, label, table

#: Reasons a scheduled assessment is not expected (the patient is no longer on study or it is
#: not yet due) and reasons an expected one is missing.
NOT_EXPECTED = ("died", "withdrew", "lost to follow-up", "not yet due")
MISSING = ("missed", "done, value missing", "not recorded")
INSTRUMENTS = {"vas_worst": "VAS worst pain", "omed": "Analgesics (OMED)", "QL2": "QLQ-C30 global health"}


def missing_counts(derived: Derived, column: str = "vas_worst") -> dict:
    """Per timepoint: treated, each reason's count, expected, received, missing, % received."""
    reasons = visit_reasons(derived.visits, derived.patients, column)
    n_treated = int(derived.patients["treated"].sum()) if len(derived.patients) else 0
    out = {}
    for tp in TIMEPOINTS:
        r = reasons[derived.visits["timepoint"].eq(tp)] if len(reasons) else pd.Series(dtype=object)
        counts = {k: int((r == k).sum()) for k in (*NOT_EXPECTED, *MISSING, "received")}
        expected = n_treated - sum(counts[k] for k in NOT_EXPECTED)
        out[tp] = {
            "treated": n_treated,
            **{k.replace(", ", "_").replace(" ", "_"): v for k, v in counts.items()},
            "expected": expected,
            "missing": expected - counts["received"],
            "received_pct_of_expected": (counts["received"] / expected) if expected else None,
        }
    return out


def build(derived: Derived, options: AnalysisOptions) -> Section:
    """Missing-data section: results ``missing_data`` and one table per instrument block."""
    results = {name: missing_counts(derived, column) for column, name in INSTRUMENTS.items()}
    rows = []
    for _column, name in INSTRUMENTS.items():
        for tp, c in results[name].items():
            pct = c["received_pct_of_expected"]
            rows.append(
                {
                    "Instrument": name,
                    "Timepoint": label(tp),
                    "Treated": c["treated"],
                    "Died": c["died"],
                    "Withdrew": c["withdrew"],
                    "Lost": c["lost_to_follow-up"],
                    "Not yet due": c["not_yet_due"],
                    "Expected": c["expected"],
                    "Received": c["received"],
                    "Received (% of expected)": "NA" if pct is None else f"{100 * pct:.1f}%",
                    "Missed": c["missed"],
                    "Done, value missing": c["done_value_missing"],
                    "Not recorded": c["not_recorded"],
                }
            )
    note = (
        "Expected = treated patients minus those who had died, withdrawn or been lost to follow-up "
        "before the visit, and visits not yet due. Received = a value was recorded (for OMED: every dose "
        "convertible). Done, value missing = the visit took place but the value is missing (for OMED: a dose "
        "could not be converted). Missing = expected "
        "minus received, by reason. Layout after the SISAQOL recommendations (Coens et al., Lancet "
        "Oncol 2020)."
    )
    t = table("missing_data", "Table 15. Missing data by timepoint and instrument", rows, note, "Missing data")
    return Section({"missing_data": results}, [t])
