"""Open edit-check problems per patient: computed from the consistency checks of the tidy
dataset when a patient's records change, stored (:class:`~ablacem.edc.models.OpenProblem`) and
read from there by every page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ablacem.dataset import TABLES, Dataset, Problem, consistency_problems, dataset_problems
from ablacem.dataset.consistency import NO_PROCEDURE, OUTSIDE_WINDOW
from ablacem.protocol import get_timepoint
from ablacem.protocol.study import PROCEDURE_EXPECTED_WITHIN_DAYS

from ..models import Assessment, OpenProblem, Patient
from .tidy import tidy_dataset


@dataclass(frozen=True)
class ProblemItem:
    """One open edit-check problem.

    Attributes
    ----------
    study_id : str
        The patient's study ID.
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
    shown_from : date or None
        First day the problem is open (a patient still within the wait for the procedure is not
        a problem yet); None: open whatever the day.
    """

    study_id: str
    key: str
    text: str
    table: str = ""
    column: str = ""
    row: tuple[tuple[str, str], ...] = ()
    shown_from: dt.date | None = None

    def row_value(self, column: str) -> str | None:
        """The value of one of :attr:`row`'s identifying columns, or None."""
        return dict(self.row).get(column)


# --- reading the stored problems -------------------------------------------------------------


def _catch_up() -> None:
    """Refresh the patients whose refresh after commit has not run (or failed): normally none,
    one query. A selector that writes, on purpose: the stored rows are a cache of the checks."""
    from ..services.problems import problems_refresh_stale

    problems_refresh_stale()


def stored_problems(
    *, as_of: dt.date | None = None, actor=None, patient_pks: Collection[int] | None = None
) -> QuerySet[OpenProblem]:
    """The open problems open on ``as_of`` (default today), of active patients.

    Parameters
    ----------
    as_of : date, optional
        The day: a problem with a ``shown_from`` after it is not open yet.
    actor : Actor, optional
        Only the patients :meth:`~ablacem.edc.models.base.ClinicalQuerySet.visible_to` them;
        None: every patient (the system).
    patient_pks : collection of int, optional
        Only these patients.
    """
    _catch_up()
    as_of = as_of or timezone.localdate()
    rows = OpenProblem.objects.filter(patient__is_deleted=False).filter(
        Q(shown_from__isnull=True) | Q(shown_from__lte=as_of)
    )
    if actor is not None:
        rows = rows.visible_to(actor)
    if patient_pks is not None:
        rows = rows.filter(patient_id__in=list(patient_pks))
    return rows


def _item(row: dict) -> ProblemItem:
    return ProblemItem(
        row["patient__study_id"],
        row["key"],
        row["text"],
        row["table"],
        row["column"],
        tuple(tuple(pair) for pair in row["row"]),
        row["shown_from"],
    )


def open_problem_items(
    *, as_of: dt.date | None = None, actor=None, patient_pks: Collection[int] | None = None
) -> list[ProblemItem]:
    """The stored open problems (see :func:`stored_problems`), by study ID then as the checks list them."""
    rows = stored_problems(as_of=as_of, actor=actor, patient_pks=patient_pks).order_by("patient__study_id", "position")
    fields = ("patient__study_id", "key", "text", "table", "column", "row", "shown_from")
    return [_item(r) for r in rows.values(*fields)]


def open_problems(
    *, as_of: dt.date | None = None, actor=None, patient_pks: Collection[int] | None = None
) -> dict[str, list[str]]:
    """``{study_id: [message, ...]}`` for every patient with an open edit-check problem.

    The messages of :func:`open_problem_items`, grouped by patient.
    """
    out: dict[str, list[str]] = {}
    for item in open_problem_items(as_of=as_of, actor=actor, patient_pks=patient_pks):
        out.setdefault(item.study_id, []).append(item.text)
    return out


def problem_counts(*, as_of: dt.date | None = None, actor=None) -> dict[str, int]:
    """``{"problems": n, "patients": m}``: open problems and patients with one, in one query."""
    counts = stored_problems(as_of=as_of, actor=actor).aggregate(
        problems=Count("pk"), patients=Count("patient_id", distinct=True)
    )
    return {"problems": counts["problems"] or 0, "patients": counts["patients"] or 0}


def patients_with_problems(*, as_of: dt.date | None = None, actor=None) -> QuerySet:
    """Database keys of the patients with an open problem (a subquery for filters)."""
    return stored_problems(as_of=as_of, actor=actor).values("patient_id")


# --- computing them --------------------------------------------------------------------------


def compute_problem_items(*, patient_pks: Collection[int] | None = None) -> list[ProblemItem]:
    """Every edit-check problem of the patients ``patient_pks`` (None: all), located on its form.

    Uses :func:`ablacem.dataset.consistency_problems` on :func:`tidy_dataset` (dates out of
    order, visit outside its window, death before the procedure, leakage without type,
    totals that do not add up, ...), patient by patient: a patient whose rows break the dataset
    schema (which the services' edit checks should prevent) gets those problems instead of its
    consistency problems, and the result for a set of patients is the union of each patient's
    (every check concerns one patient's rows). A visit outside its window whose out-of-window
    reason was given is not a problem; a patient without a procedure who has not ended the
    study is one only from ``PROCEDURE_EXPECTED_WITHIN_DAYS`` after enrolment
    (:attr:`ProblemItem.shown_from`), so the result does not depend on today. Messages name
    the form and the field as a coordinator knows them ("1 month visit · Assessment date: ...").
    """
    dataset = tidy_dataset(validate_schema=False, patient_pks=patient_pks)
    explained_rows = Assessment.objects.active().exclude(out_of_window_reason="")
    if patient_pks is not None:
        explained_rows = explained_rows.filter(patient_id__in=list(patient_pks))
    explained = set(explained_rows.values_list("patient__study_id", "timepoint"))
    out: list[ProblemItem] = []
    for part, problem in _per_patient(dataset):
        item = _locate(part, problem, explained)
        if item is not None:
            out.append(item)
    return out


def _patient_ids(dataset: Dataset) -> list[str]:
    return list(dict.fromkeys(dataset["patients"]["patient_id"]))


def _subset(dataset: Dataset, patient_ids: Collection[str]) -> Dataset:
    """The rows of ``dataset`` that belong to ``patient_ids`` (every table carries ``patient_id``)."""
    return Dataset(
        {
            name: frame[frame["patient_id"].isin(list(patient_ids))].reset_index(drop=True)
            for name, frame in dataset.tables.items()
        }
    )


def _row_patient(dataset: Dataset, problem: Problem) -> str | None:
    table = problem.file.removesuffix(".csv")
    if problem.row is None or table not in dataset.tables or problem.row - 2 >= len(dataset[table]):
        return None
    return dataset[table].iloc[problem.row - 2]["patient_id"]


def _per_patient(dataset: Dataset) -> list[tuple[Dataset, Problem]]:
    """``dataset_problems or consistency_problems`` of each patient's own rows, without building
    one dataset per patient unless a patient breaks the schema (each problem with the dataset
    its row number refers to)."""
    schema = dataset_problems(dataset)
    if not schema:
        return [(dataset, p) for p in consistency_problems(dataset)]
    ids = _patient_ids(dataset)
    if len(ids) <= 1:
        return [(dataset, p) for p in schema]
    owners = [_row_patient(dataset, p) for p in schema]
    bad = set(ids) if None in owners else set(owners)
    out = []
    for pid in [i for i in ids if i in bad]:
        out += _per_patient(_subset(dataset, [pid]))
    rest = [i for i in ids if i not in bad]
    if rest:
        out += _per_patient(_subset(dataset, rest))
    return out


def _locate(dataset: Dataset, problem: Problem, explained: set) -> ProblemItem | None:
    """The problem on its patient and form; None for a late visit whose reason was given."""
    table = problem.file.removesuffix(".csv")
    if problem.row is None or table not in dataset.tables or problem.row - 2 >= len(dataset[table]):
        ids = _patient_ids(dataset)
        return ProblemItem(ids[0] if len(ids) == 1 else "", str(problem), str(problem))
    row = dataset[table].iloc[problem.row - 2]
    study_id = row["patient_id"]
    if table == "assessments" and problem.kind == OUTSIDE_WINDOW and (study_id, row["timepoint"]) in explained:
        return None
    where, label = _where(table, row), _label(table, problem.column)
    return ProblemItem(
        study_id,
        f"{where} · {label} · {problem.kind or problem.message}",
        f"{where} · {label}: {problem.message}",
        table,
        problem.column or "",
        tuple((c, str(row[c])) for c in _ROW_KEYS if isinstance(row.get(c), str)),
        _awaiting_until(row) if problem.kind == NO_PROCEDURE else None,
    )


#: Columns that identify the row a problem is on.
_ROW_KEYS = ("patient_id", "lesion_id", "timepoint", "ae_id", "procedure_id")


def _awaiting_until(patient: pd.Series) -> dt.date | None:
    """First day a patient without a procedure is a problem: an active patient is waiting for
    it for ``PROCEDURE_EXPECTED_WITHIN_DAYS`` after enrolment; one who ended the study is a
    problem at once."""
    if isinstance(patient["end_reason"], str) or pd.isna(patient["enrolled_on"]):
        return None
    return patient["enrolled_on"].date() + dt.timedelta(days=PROCEDURE_EXPECTED_WITHIN_DAYS + 1)


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


def problem_patients_page(*, as_of: dt.date | None = None, actor, page: int | str = 1, per_page: int = 20) -> Page:
    """One page of the patients with an open problem, by study ID, with their messages.

    Returns
    -------
    django.core.paginator.Page
        Its ``object_list`` holds ``(study_id, patient key, [message, ...])``. A fixed number
        of queries whatever the number of patients.
    """
    with_problems = patients_with_problems(as_of=as_of, actor=actor)
    patients = Patient.objects.active().visible_to(actor).filter(pk__in=with_problems).order_by("study_id")
    found = Paginator(patients.values_list("pk", "study_id"), per_page).get_page(page)
    shown = list(found.object_list)
    messages = open_problems(as_of=as_of, actor=actor, patient_pks=[pk for pk, _ in shown]) if shown else {}
    found.object_list = [(study_id, pk, messages.get(study_id, [])) for pk, study_id in shown]
    return found
