"""Open edit-check problems per patient, from the consistency checks of the tidy dataset."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from django.utils import timezone

from ablacem.dataset import TABLES, consistency_problems, dataset_problems
from ablacem.dataset.consistency import NO_PROCEDURE, OUTSIDE_WINDOW
from ablacem.protocol import get_timepoint
from ablacem.protocol.study import PROCEDURE_EXPECTED_WITHIN_DAYS

from ..models import Assessment, Patient
from .tidy import tidy_dataset


def open_problems(*, as_of: dt.date | None = None, actor=None) -> dict[str, list[str]]:
    """``{study_id: [message, ...]}`` for every patient with an open edit-check problem.

    The messages of :func:`open_problem_items`, grouped by patient (``""``: problems that
    concern no single row). With ``actor``, only the patients it may see (``visible_to``: its
    sites'), and the problems of no single row only for an actor who reaches every site.
    """
    out: dict[str, list[str]] = {}
    for item in open_problem_items(as_of=as_of):
        out.setdefault(item.study_id, []).append(item.text)
    if actor is None:
        return out
    from ..roles import as_actor
    from ..sites import site_scope

    visible = set(Patient.objects.active().visible_to(actor).values_list("study_id", flat=True))
    if site_scope(as_actor(actor)) is None:
        visible.add("")
    return {k: v for k, v in out.items() if k in visible}


@dataclass(frozen=True)
class ProblemItem:
    """One open edit-check problem.

    Attributes
    ----------
    study_id : str
        The patient's study ID (``""`` for a problem that concerns no single row).
    key : str
        Stable while the same rule is broken on the same form and field (the form, the field's
        label and the rule's kind, or its message when the rule has no kind): a query raised
        from the problem keeps it, and closes itself once no open problem has it.
    text : str
        The message as pages show it.
    table, column : str
        Where in the tidy dataset (``""`` when not known).
    row : tuple of (str, str)
        The row's identifying columns (``patient_id``, ``lesion_id``, ``timepoint``, ``ae_id``)
        that it has, to find the form the problem is on.
    """

    study_id: str
    key: str
    text: str
    table: str = ""
    column: str = ""
    row: tuple[tuple[str, str], ...] = ()

    def row_value(self, column: str) -> str | None:
        """The value of one of :attr:`row`'s identifying columns, or None."""
        return dict(self.row).get(column)


def open_problem_items(*, as_of: dt.date | None = None) -> list[ProblemItem]:
    """Every open edit-check problem, located on its patient and form.

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
    out: list[ProblemItem] = []
    for problem in problems:
        table = problem.file.removesuffix(".csv")
        if problem.row is None or problem.row - 2 >= len(dataset[table]):
            out.append(ProblemItem("", str(problem), str(problem)))
            continue
        row = dataset[table].iloc[problem.row - 2]
        study_id = row["patient_id"]
        if table == "assessments" and problem.kind == OUTSIDE_WINDOW and (study_id, row["timepoint"]) in explained:
            continue
        if problem.kind == NO_PROCEDURE and _awaiting_procedure(row, as_of):
            continue
        where, label = _where(table, row), _label(table, problem.column)
        out.append(
            ProblemItem(
                study_id,
                f"{where} · {label} · {problem.kind or problem.message}",
                f"{where} · {label}: {problem.message}",
                table,
                problem.column or "",
                tuple((c, str(row[c])) for c in _ROW_KEYS if isinstance(row.get(c), str)),
            )
        )
    return out


#: Columns that identify the row a problem is on.
_ROW_KEYS = ("patient_id", "lesion_id", "timepoint", "ae_id", "procedure_id")


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
