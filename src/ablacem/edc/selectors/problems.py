"""Open edit-check problems per patient, from the consistency checks of the tidy dataset."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from django.utils import timezone

from ablacem.dataset import TABLES, consistency_problems, dataset_problems
from ablacem.dataset.consistency import NO_PROCEDURE, OUTSIDE_WINDOW
from ablacem.protocol import get_timepoint
from ablacem.protocol.study import PROCEDURE_EXPECTED_WITHIN_DAYS

from ..models import Assessment
from .tidy import tidy_dataset


def open_problems(*, as_of: dt.date | None = None) -> dict[str, list[str]]:
    """``{study_id: [message, ...]}`` for every patient with an open edit-check problem.

    Uses :func:`ablacem.dataset.consistency_problems` on :func:`tidy_dataset` (dates out of
    order, visit outside its window, death before the procedure, leakage without type,
    totals that do not add up, ...). A visit outside its window whose out-of-window reason
    was given is not open, nor is an active patient still waiting for the procedure within
    ``PROCEDURE_EXPECTED_WITHIN_DAYS`` of enrolment. Messages name the form and the field as a
    coordinator knows them ("1 month visit · Assessment date: ...").
    Problems that concern no single row are listed under the key ``""``.
    """
    dataset = tidy_dataset(as_of=as_of, validate_schema=False)
    # Consistency checks assume a schema-valid dataset; schema problems (which the services'
    # edit checks should prevent) are listed instead of failing the dashboard.
    problems = dataset_problems(dataset) or consistency_problems(dataset)
    as_of = as_of or timezone.localdate()
    explained = set(
        Assessment.objects.active().exclude(out_of_window_reason="").values_list("patient__study_id", "timepoint")
    )
    out: dict[str, list[str]] = {}
    for problem in problems:
        table = problem.file.removesuffix(".csv")
        if problem.row is None or problem.row - 2 >= len(dataset[table]):
            out.setdefault("", []).append(str(problem))
            continue
        row = dataset[table].iloc[problem.row - 2]
        study_id = row["patient_id"]
        if table == "assessments" and problem.kind == OUTSIDE_WINDOW and (study_id, row["timepoint"]) in explained:
            continue
        if problem.kind == NO_PROCEDURE and _awaiting_procedure(row, as_of):
            continue
        out.setdefault(study_id, []).append(
            f"{_where(table, row)} · {_label(table, problem.column)}: {problem.message}"
        )
    return out


def _awaiting_procedure(patient: pd.Series, as_of: dt.date) -> bool:
    """An active patient enrolled recently is waiting for the procedure, not a problem."""
    if isinstance(patient["end_reason"], str):
        return False
    return (as_of - patient["enrolled_on"].date()).days <= PROCEDURE_EXPECTED_WITHIN_DAYS


def _where(table: str, row: pd.Series) -> str:
    """The form a problem is on, in the coordinator's words ("1 month visit", "Lesion ABL-001-L1")."""
    tp = get_timepoint(row["timepoint"]).label if isinstance(row.get("timepoint"), str) else ""
    return {
        "patients": "Enrolment",
        "lesions": f"Lesion {row.get('lesion_id')}",
        "procedures": f"Procedure, lesion {row.get('lesion_id')}",
        "assessments": f"{tp} visit",
        "analgesics": f"{tp} visit analgesics",
        "imaging": f"CT {row.get('lesion_id')} at {tp.lower()}",
        "adverse_events": f"Adverse event {row.get('ae_id')}",
    }.get(table, table)


def _label(table: str, column: str | None) -> str:
    try:
        return TABLES[table].column(column).label
    except KeyError:
        return column or "record"
