"""Open edit-check problems per patient, from the consistency checks of the tidy dataset."""

from __future__ import annotations

import datetime as dt

from ablacem.dataset import consistency_problems

from ..models import Assessment
from .tidy import tidy_dataset


def open_problems(*, as_of: dt.date | None = None) -> dict[str, list[str]]:
    """``{study_id: [message, ...]}`` for every patient with an open edit-check problem.

    Uses :func:`ablacem.dataset.consistency_problems` on :func:`tidy_dataset` (dates out of
    order, visit outside its window, death before the procedure, leakage without type,
    totals that do not add up, ...). A visit outside its window whose out-of-window reason
    was given is not open. Messages name the table and field (``assessments / assessed_on``).
    """
    dataset = tidy_dataset(as_of=as_of)
    explained = set(
        Assessment.objects.active().exclude(out_of_window_reason="").values_list("patient__study_id", "timepoint")
    )
    out: dict[str, list[str]] = {}
    for problem in consistency_problems(dataset):
        table = problem.file.removesuffix(".csv")
        row = dataset[table].iloc[problem.row - 2] if problem.row is not None else None
        if row is None:
            continue
        study_id = row["patient_id"]
        if (
            table == "assessments"
            and "outside its window" in problem.message
            and (study_id, row["timepoint"]) in explained
        ):
            continue
        out.setdefault(study_id, []).append(f"{table} / {problem.column}: {problem.message}")
    return out
