"""Dashboard counts: enrolment, procedures, follow-up completeness, open edit-check problems."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from ablacem.protocol import codelists as cl
from ablacem.protocol.study import TARGET_ENROLMENT
from ablacem.protocol.timepoints import TIMEPOINTS
from ablacem.protocol.windows import VisitState

from ..models import Patient
from .problems import problem_counts
from .worklist import Today, schedule_rows, worklist_counts

#: States of a visit without a record that is not (or no longer) expected by today.
_NOT_EXPECTED_YET = (VisitState.NOT_YET_OPEN.value, VisitState.NOT_EXPECTED.value)


def follow_up_completeness(*, today: Today, actor) -> list[dict]:
    """Per timepoint: visits expected by ``today``, done, not done, and percent done.

    A visit is expected once recorded, or once its window has opened (procedure known) unless
    the study ended before its target day (death, withdrawal, loss): the state of
    :func:`ablacem.protocol.windows.visit_state`, as on the worklist. ``percent`` is done /
    expected x 100 (None when nothing is expected yet). Counts the patients ``actor`` may see,
    in one grouped query over the stored schedule; ``today`` may be each site's day
    (:func:`~ablacem.edc.selectors.worklist.site_days`).
    """
    recorded = Q(status__in=sorted(cl.NOT_DONE | {cl.DONE}))
    expected = recorded | ~Q(state__in=_NOT_EXPECTED_YET)
    counted = {
        row["timepoint"]: row
        for row in schedule_rows(today=today, actor=actor)
        .values("timepoint")
        .annotate(
            expected=Count("pk", filter=expected),
            done=Count("pk", filter=Q(status=cl.DONE)),
            not_done=Count("pk", filter=Q(status__in=sorted(cl.NOT_DONE))),
        )
        .order_by()
    }
    out = []
    for tp in TIMEPOINTS:
        row = counted.get(tp.code, {"expected": 0, "done": 0, "not_done": 0})
        expected_n, done = row["expected"], row["done"]
        out.append(
            {
                "timepoint": tp.code,
                "label": tp.label,
                "expected": expected_n,
                "done": done,
                "not_done": row["not_done"],
                "percent": round(100 * done / expected_n, 1) if expected_n else None,
            }
        )
    return out


def dashboard_counts(
    *,
    today: dt.date,
    actor,
    worklist_today: Today | None = None,
) -> dict:
    """Headline numbers for the dashboard.

    Parameters
    ----------
    today : date
    actor : Actor
        Who reads: only the patients :meth:`~ablacem.edc.models.base.ClinicalQuerySet.visible_to` them.
    worklist_today : date or dict, optional
        The worklist's and completeness's day: each site's
        (:func:`~ablacem.edc.selectors.worklist.site_days`); default ``today``.

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
    days = today if worklist_today is None else worklist_today
    return {
        "enrolled": patients.count(),
        "target": TARGET_ENROLMENT,
        "procedures_done": patients.filter(procedure__isnull=False, procedure__is_deleted=False).count(),
        "ended": patients.exclude(end_reason="").count(),
        "completeness": follow_up_completeness(today=days, actor=actor),
        "open_problems": problems["problems"],
        "patients_with_problems": problems["patients"],
        "worklist": worklist_counts(today=days, actor=actor),
    }
