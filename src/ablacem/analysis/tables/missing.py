"""Missing data per timepoint: expected, received and missing with reasons (SISAQOL style)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.analysis.derive import Derived
from ablacem.protocol import get_timepoint

from ._common import TIMEPOINTS, Options, Section, label, table

#: Reasons a scheduled assessment is not expected (the patient is no longer on study or it is
#: not yet due) and reasons an expected one is missing.
NOT_EXPECTED = ("died", "withdrew", "lost to follow-up", "not yet due")
MISSING = ("missed", "done, value missing", "not recorded")
INSTRUMENTS = {"vas_worst": "VAS worst pain", "omed": "Analgesics (OMED)", "QL2": "QLQ-C30 global health"}


def visit_reasons(derived: Derived, column: str = "vas_worst") -> pd.Series:
    """Why each scheduled visit does or does not have a value of ``column``.

    ``received``; not expected: ``died``, ``withdrew``, ``lost to follow-up``, ``not yet due``;
    expected but missing: ``missed``, ``done, value missing``, ``not recorded``. A visit
    without a row in assessments.csv is attributed to death, withdrawal or loss when the
    patient's end of study came before the visit's target day. SISAQOL recommendations:
    Coens C et al., Lancet Oncol 2020;21:e83-e96.
    """
    v = derived.visits
    if v.empty:
        return pd.Series(dtype=object)
    p = derived.patients.set_index("patient_id")
    target = v["timepoint"].map({tp: get_timepoint(tp).day for tp in TIMEPOINTS})
    day0 = v["procedure_date"]
    end_reason = v["patient_id"].map(p["end_reason"])
    end_day = (v["patient_id"].map(p["end_date"]) - day0).dt.days
    death_day = (v["patient_id"].map(p["death_date"]) - day0).dt.days
    ended_before = end_day.notna() & (end_day < target)
    status = v["status"]
    reason = np.select(
        [
            status.eq("done") & v[column].notna(),
            status.eq("done"),
            status.eq("died") | (death_day.notna() & (death_day < target) & ~status.eq("done")),
            status.eq("withdrawn") | (status.eq("not_recorded") & ended_before & end_reason.eq("withdrew")),
            status.isin(["missed", "not_recorded"]) & end_reason.eq("lost") & (ended_before | end_day.isna()),
            status.eq("not_due"),
            status.eq("missed"),
        ],
        ["received", "done, value missing", "died", "withdrew", "lost to follow-up", "not yet due", "missed"],
        default="not recorded",
    )
    return pd.Series(reason, index=v.index)


def missing_counts(derived: Derived, column: str = "vas_worst") -> dict:
    """Per timepoint: treated, each reason's count, expected, received, missing, % received."""
    reasons = visit_reasons(derived, column)
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


def build(derived: Derived, options: Options) -> Section:
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
    t = table("missing_data", "Table 14. Missing data by timepoint and instrument", rows, note, "Missing data")
    return Section({"missing_data": results}, [t])
