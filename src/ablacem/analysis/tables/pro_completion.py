"""PRO completion by timepoint and by who entered the answers (the patient, or staff).

SISAQOL recommends reporting, at each assessment time, how many questionnaires were expected
and how many were completed (Coens C et al. International standards for the analysis of
quality-of-life and patient-reported outcome endpoints in cancer randomised controlled trials:
recommendations of the SISAQOL Consortium. Lancet Oncol 2020;21(2):e83-e96, recommendations on
the definition of completion rates). Here:

- expected: a treated patient alive and on study at the timepoint whose visit is due (the
  same rule as the missing-data table: not after death, withdrawal or loss, not before the
  window);
- completed: the visit was done and its PRO answered (worst pain, the primary PRO, recorded);
- completion = completed / expected, and the completed split by ``assessments.source``
  (``patient``: through the ePRO questionnaire; ``staff``: entered by study staff; a dataset
  without the column was entered by staff).
"""

from __future__ import annotations

from ablacem.analysis.derive import Derived
from ablacem.analysis.derive.visits import visit_reasons
from ablacem.analysis.options import AnalysisOptions
from ablacem.protocol import codelists as cl

from ._common import TIMEPOINTS, Section, label, table
from .missing import NOT_EXPECTED

#: The PRO whose presence makes a questionnaire completed.
COMPLETED_BY = "vas_worst"
SOURCES = (cl.SOURCE_PATIENT, cl.SOURCE_STAFF)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def completion_counts(derived: Derived) -> dict:
    """Per timepoint: ``expected``, ``completed``, ``completion`` and, per source, completed and share of expected."""
    visits = derived.visits
    reasons = visit_reasons(visits, derived.patients, COMPLETED_BY).reindex(visits.index)
    n_treated = int(derived.patients["treated"].sum()) if len(derived.patients) else 0
    out = {}
    for tp in TIMEPOINTS:
        at_tp = visits["timepoint"].eq(tp)
        expected = n_treated - int(reasons[at_tp].isin(NOT_EXPECTED).sum())
        completed_rows = visits[at_tp & reasons.eq("received")]
        completed = len(completed_rows)
        by_source = {s: int(completed_rows["source"].eq(s).sum()) for s in SOURCES}
        out[tp] = {
            "expected": expected,
            "completed": completed,
            "completion": _share(completed, expected),
            **{f"completed_by_{s}": n for s, n in by_source.items()},
            **{f"completion_by_{s}": _share(n, expected) for s, n in by_source.items()},
        }
    return out


def _pct(value: float | None) -> str:
    return "NA" if value is None else f"{100 * value:.1f}%"


def build(derived: Derived, options: AnalysisOptions) -> Section:
    """The ``pro_completion`` results and Table 14."""
    results = completion_counts(derived)
    rows = [
        {
            "Timepoint": label(tp),
            "Expected": c["expected"],
            "Completed": c["completed"],
            "Completion": _pct(c["completion"]),
            "By the patient": f"{c['completed_by_patient']} ({_pct(c['completion_by_patient'])})",
            "By staff": f"{c['completed_by_staff']} ({_pct(c['completion_by_staff'])})",
        }
        for tp, c in results.items()
    ]
    note = (
        "Expected = treated patients alive and on study at the timepoint whose visit is due (not after death, "
        "withdrawal or loss to follow-up, not before its window). Completed = the visit was done and worst pain "
        "recorded. Completion = completed / expected; by source, n (% of expected): answered by the patient on "
        "the ePRO questionnaire, or entered by study staff. SISAQOL recommendations (Coens et al., Lancet Oncol "
        "2020;21:e83-e96)."
    )
    t = table("pro_completion", "Table 14. PRO completion by timepoint and source", rows, note, "PRO completion")
    return Section({"pro_completion": results}, [t])
