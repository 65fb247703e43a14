"""Store the open edit-check problems of the patients whose records changed, or of every patient."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..actors import Actor
from ..models import OpenProblem, Patient, Query, QueryState, StaleProblems
from ..selectors.problems import ProblemItem, compute_problem_items

log = logging.getLogger(__name__)

#: Above this many patients at once, one full rebuild is cheaper than a dataset per batch.
FULL_REBUILD_FROM = 200
#: Rows per INSERT when storing problems.
_BATCH = 1000
SYSTEM = Actor.system("edit checks")


def problems_mark_stale(*, patient_pk: int) -> None:
    """Record, in the transaction of a change, that ``patient_pk``'s problems must be recomputed.

    One insert (a second mark of the same patient is ignored); the refresh the worker runs after
    commit, or failing that a later read of the problems (:func:`problems_refresh_stale`),
    removes it.
    """
    StaleProblems.objects.bulk_create([StaleProblems(patient_id=patient_pk)], ignore_conflicts=True)


def _store(items: list[ProblemItem], patient_pks: dict[str, int]) -> int:
    positions: dict[str, int] = {}
    rows = []
    for item in items:
        pk = patient_pks.get(item.study_id)
        if pk is None:  # a problem of no patient: cannot happen on a dataset built from the database
            log.warning("edit-check problem of no patient left out: %s", item.key)
            continue
        positions[item.study_id] = positions.get(item.study_id, -1) + 1
        rows.append(
            OpenProblem(
                patient_id=pk,
                position=positions[item.study_id],
                key=item.key[:500],
                text=item.text,
                table=item.table,
                column=item.column,
                row=[list(pair) for pair in item.row],
                shown_from=item.shown_from,
            )
        )
    OpenProblem.objects.bulk_create(rows, batch_size=_BATCH)
    return len(rows)


def problems_refresh(*, patient_pks: Collection[int], actor: Actor = SYSTEM) -> int:
    """Recompute and store the open problems of ``patient_pks``; return how many are stored.

    The patients' rows are locked first (``SELECT ... FOR UPDATE`` on PostgreSQL) so two
    refreshes of one patient run one after the other and the later one, which read the later
    data, is the one kept. Many patients at once (an import) rebuild everything instead.
    """
    pks = sorted(set(patient_pks))
    if not pks:
        return 0
    if len(pks) >= FULL_REBUILD_FROM:
        return problems_rebuild(actor=actor)
    with transaction.atomic():
        ids = dict(Patient.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("study_id", "pk"))
        StaleProblems.objects.filter(patient_id__in=pks).delete()
        items = compute_problem_items(patient_pks=pks)
        OpenProblem.objects.filter(patient_id__in=pks).delete()
        return _store(items, ids)


def problems_rebuild(*, actor: Actor = SYSTEM) -> int:
    """Recompute the open problems of every patient from the tidy dataset (``ablacem problems
    rebuild``, the end of an import); return how many are stored."""
    with transaction.atomic():
        StaleProblems.objects.all().delete()
        items = compute_problem_items()
        ids = dict(Patient.objects.values_list("study_id", "pk"))
        OpenProblem.objects.all().delete()
        stored = _store(items, ids)
    log.info("open problems rebuilt by %s: %d problem(s) stored", actor.name, stored)
    return stored


def problems_refresh_and_close(*, patient_pks: Collection[int], actor: Actor = SYSTEM) -> int:
    """:func:`problems_refresh`, then close the patients' queries raised from a problem that is
    gone (:func:`ablacem.edc.services.query.queries_close_resolved`); the worker's task after a save."""
    from .query import queries_close_resolved

    pks = sorted(set(patient_pks))
    stored = problems_refresh(patient_pks=pks, actor=actor)
    waiting = set(
        Query.objects.filter(patient_id__in=pks)
        .exclude(check_key="")
        .exclude(state=QueryState.CLOSED)
        .values_list("patient_id", flat=True)
    )
    for pk in sorted(waiting):
        queries_close_resolved(patient_pk=pk)
    return stored


def problems_refresh_stale(*, actor: Actor = SYSTEM) -> int:
    """Refresh the patients marked stale for more than ``PROBLEMS_CATCH_UP_SECONDS`` (the worker
    has not got to them, or their refresh failed); one query when there are none. Returns the
    number of patients refreshed."""
    since = timezone.now() - dt.timedelta(seconds=settings.PROBLEMS_CATCH_UP_SECONDS)
    pks = list(StaleProblems.objects.filter(marked_at__lte=since).values_list("patient_id", flat=True))
    if pks:
        problems_refresh(patient_pks=pks, actor=actor)
    return len(pks)


def problems_refresh_imported(*, study_ids: Collection[str], actor: Actor = SYSTEM) -> int:
    """Store the open problems of the patients an import just wrote (bulk inserts pass no save
    hook); many patients rebuild everything. Call it inside the import's transaction."""
    ids = list(study_ids)
    if len(ids) >= FULL_REBUILD_FROM:
        return problems_rebuild(actor=actor)
    pks = Patient.objects.filter(study_id__in=ids).values_list("pk", flat=True)
    return problems_refresh(patient_pks=list(pks), actor=actor)
