"""Dashboard counts: enrolment, procedures, follow-up completeness, open edit-check problems."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ablacem.protocol import codelists as cl
from ablacem.protocol.study import TARGET_ENROLMENT
from ablacem.protocol.timepoints import TIMEPOINTS
from ablacem.protocol.windows import VisitState, visit_state

from ..models import Assessment, Patient
from .problems import problem_counts
from .worklist import BUCKETS, WorklistRow, worklist

#: States of a visit without a record that is not (or no longer) expected by today.
_NOT_EXPECTED_YET = (VisitState.NOT_YET_OPEN, VisitState.NOT_EXPECTED)


def follow_up_completeness(*, today: dt.date, actor) -> list[dict]:
    """Per timepoint: visits expected by ``today``, done, not done, and percent done.

    A visit is expected once recorded, or once its window has opened (procedure known) unless
    the study ended before its target day (death, withdrawal, loss): the state of
    :func:`ablacem.protocol.windows.visit_state`, as on the worklist. ``percent`` is done /
    expected x 100 (None when nothing is expected yet). Counts the patients ``actor`` may see.
    """
    patients = list(
        Patient.objects.active()
        .visible_to(actor)
        .filter(procedure__isnull=False, procedure__is_deleted=False)
        .values_list("pk", "procedure__procedure_date", "end_reason", "end_date", "death_date")
    )
    status = {
        (pid, tp): st for pid, tp, st in Assessment.objects.active().values_list("patient_id", "timepoint", "status")
    }
    out = []
    for tp in TIMEPOINTS:
        expected = done = not_done = 0
        for pk, day0, end_reason, end_date, death_date in patients:
            st = status.get((pk, tp.code))
            if st in (None, cl.NOT_DUE) and (
                visit_state(day0, tp, today, end_reason=end_reason, end_date=end_date, death_date=death_date)
                in _NOT_EXPECTED_YET
            ):
                continue
            expected += 1
            done += st == cl.DONE
            not_done += st in cl.NOT_DONE
        out.append(
            {
                "timepoint": tp.code,
                "label": tp.label,
                "expected": expected,
                "done": done,
                "not_done": not_done,
                "percent": round(100 * done / expected, 1) if expected else None,
            }
        )
    return out


def dashboard_counts(
    *,
    today: dt.date,
    actor,
    worklist_rows: list[WorklistRow] | None = None,
) -> dict:
    """Headline numbers for the dashboard.

    Parameters
    ----------
    today : date
    actor : Actor
        Who reads: only the patients :meth:`~ablacem.edc.models.base.ClinicalQuerySet.visible_to` them.
    worklist_rows : list of WorklistRow, optional
        What :func:`worklist` returns for ``today``, when the caller already has it.

    Returns
    -------
    dict
        ``enrolled``, ``target`` (``protocol.study.TARGET_ENROLMENT``), ``procedures_done``
        (patients whose procedure is recorded), ``ended`` (end of study recorded),
        ``completeness`` (:func:`follow_up_completeness`), ``open_problems`` (number of open
        edit-check problems, counted in the stored problems: :func:`problem_counts`),
        ``patients_with_problems`` and ``worklist`` (count per bucket).
    """
    patients = Patient.objects.active().visible_to(actor)
    problems = problem_counts(as_of=today, actor=actor)
    rows = worklist(today=today, actor=actor) if worklist_rows is None else worklist_rows
    buckets = Counter(r.bucket for r in rows)
    return {
        "enrolled": patients.count(),
        "target": TARGET_ENROLMENT,
        "procedures_done": patients.filter(procedure__isnull=False, procedure__is_deleted=False).count(),
        "ended": patients.exclude(end_reason="").count(),
        "completeness": follow_up_completeness(today=today, actor=actor),
        "open_problems": problems["problems"],
        "patients_with_problems": problems["patients"],
        "worklist": {b: buckets.get(b, 0) for b in BUCKETS},
    }
