"""What the patient says about their painkillers, turned into the visit's analgesic lines.

The patient sees the lines of their last recorded visit and says of each: still taking it
(the same line is carried over), taking more or less (with the dose and times a day now) or
stopped (dropped); then anything else they take. The result is the list of analgesic rows the
EDC's :func:`ablacem.edc.services.assessment_record` takes, so the OMED is computed from it
exactly as for staff entry (:mod:`ablacem.scoring.mme`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

STILL = "still"
MORE = "more"
LESS = "less"
STOPPED = "stopped"
#: The answers about one line from the last visit, in display order.
STATUSES = (STILL, MORE, LESS, STOPPED)
#: The fields of an analgesic row (tidy ``analgesics``).
ROW_FIELDS = ("drug", "route", "dose", "unit", "per_day")


def _number(value) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def line_errors(previous: Mapping, answer: Mapping) -> dict[str, str]:
    """Problems with the answer about one previous line (``{"status"|"dose"|"per_day": code}``).

    Codes: ``required`` (no answer), ``amount`` (more or less without the dose and times a day
    now), ``unchanged`` (more or less with the very same amount).
    """
    status = answer.get("status")
    if status not in STATUSES:
        return {"status": "required"}
    if status in (MORE, LESS):
        dose, per_day = _number(answer.get("dose")), _number(answer.get("per_day"))
        if dose is None or dose <= 0:
            return {"dose": "amount"}
        if per_day is None or per_day <= 0:
            return {"per_day": "amount"}
        if dose == float(previous["dose"]) and per_day == float(previous["per_day"]):
            return {"dose": "unchanged"}
    return {}


def analgesic_rows(previous: Sequence[Mapping], answers: Sequence[Mapping], extra: Sequence[Mapping]) -> list[dict]:
    """The visit's analgesic rows from the patient's answers.

    Parameters
    ----------
    previous : sequence of mapping
        The last visit's lines (``drug``, ``route``, ``dose``, ``unit``, ``per_day``).
    answers : sequence of mapping
        One per previous line: ``status`` and, for more or less, ``dose`` and ``per_day`` now.
    extra : sequence of mapping
        The other painkillers the patient takes, as full rows.

    Returns
    -------
    list of dict
        Lines still taken (with the new amount when it changed), then the extra ones.
    """
    rows: list[dict] = []
    for line, answer in zip(previous, answers, strict=True):
        status = answer.get("status")
        if status == STOPPED:
            continue
        row = {f: line[f] for f in ROW_FIELDS}
        if status in (MORE, LESS):
            row["dose"], row["per_day"] = _number(answer.get("dose")), _number(answer.get("per_day"))
        rows.append(row)
    for row in extra:
        rows.append({f: (_number(row.get(f)) if f in ("dose", "per_day") else row.get(f)) for f in ROW_FIELDS})
    return rows
