"""After a save commits, recompute the patient's open problems and close the queries raised
from edit checks that no longer fail."""

from __future__ import annotations

from django.db import transaction

from ..models import Query, QueryState
from .problems import problems_mark_stale, problems_refresh

#: Attribute of the pending on-commit callback holding the patients it re-checks.
_PATIENTS_ATTR = "_ablacem_recheck_patients"


def _patient_pk(record) -> int | None:
    from ..roles import patient_pk_of

    try:
        return patient_pk_of(record)
    except AttributeError:
        return None


def _pending() -> set[int] | None:
    """The patients of this transaction's pending re-check, if one is pending."""
    connection = transaction.get_connection()
    open_savepoints = set(connection.savepoint_ids)
    # Django keeps the callbacks of the open transaction in ``run_on_commit`` (dropped on
    # rollback), each with the savepoints open when it was added: join one added in this
    # transaction or in a savepoint still open (a test's outer transaction keeps the callbacks
    # of service calls that finished).
    for savepoints, func, *_ in connection.run_on_commit:
        patients = getattr(func, _PATIENTS_ATTR, None)
        if patients is not None and (not savepoints or set(savepoints) & open_savepoints):
            return patients
    return None


def recheck_after_commit(record) -> None:
    """Once the save of ``record`` commits, recompute its patient's open problems
    (:func:`ablacem.edc.services.problems.problems_refresh`) and close the patient's queries
    raised from a problem that is gone (:func:`ablacem.edc.services.query.queries_close_resolved`).

    Marks the patient stale in the save's transaction (one insert, once per transaction
    however many records it saves), so a refresh that does not run is caught up by the next
    read. The edit checks run on the whole saved state, never on a half-saved form. A
    rolled-back save re-checks nothing.
    """
    patient_pk = _patient_pk(record)
    if patient_pk is None:
        return
    patients = _pending()
    if patients is not None and patient_pk in patients:
        return
    problems_mark_stale(patient_pk=patient_pk)
    if patients is not None:
        patients.add(patient_pk)
        return

    def recheck() -> None:
        from .query import queries_close_resolved

        pks = sorted(getattr(recheck, _PATIENTS_ATTR))
        problems_refresh(patient_pks=pks)
        waiting = set(
            Query.objects.filter(patient_id__in=pks)
            .exclude(check_key="")
            .exclude(state=QueryState.CLOSED)
            .values_list("patient_id", flat=True)
        )
        for pk in sorted(waiting):
            queries_close_resolved(patient_pk=pk)

    setattr(recheck, _PATIENTS_ATTR, {patient_pk})
    # robust: the save has committed; a failing re-check is logged, never turned into an error page.
    transaction.on_commit(recheck, robust=True)
