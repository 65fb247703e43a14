"""Open edit-check problems per patient, from the consistency checks of the tidy dataset."""

from __future__ import annotations

import datetime as dt

from ablacem.dataset import consistency_problems, dataset_problems

from ..models import Assessment
from .tidy import tidy_dataset


def open_problems(*, as_of: dt.date | None = None) -> dict[str, list[str]]:
    """``{study_id: [message, ...]}`` for every patient with an open edit-check problem.

    Uses :func:`ablacem.dataset.consistency_problems` on :func:`tidy_dataset` (dates out of
    order, visit outside its window, death before the procedure, leakage without type,
    totals that do not add up, ...). A visit outside its window whose out-of-window reason
    was given is not open. Messages name the table and field (``assessments / assessed_on``).
    Problems that concern no single row are listed under the key ``""``.
    """
    dataset = tidy_dataset(as_of=as_of, validate_schema=False)
    # Consistency checks assume a schema-valid dataset; schema problems (which the services'
    # edit checks should prevent) are listed instead of failing the dashboard.
    problems = dataset_problems(dataset) or consistency_problems(dataset)
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
        if (
            table == "assessments"
            and "outside its window" in problem.message
            and (study_id, row["timepoint"]) in explained
        ):
            continue
        out.setdefault(study_id, []).append(f"{table} / {problem.column}: {problem.message}")
    return out
