"""After a save commits, close the queries raised from edit checks that no longer fail."""

from __future__ import annotations

from django.db import transaction

from ..models import Query, QueryState

#: Attribute of the pending on-commit callback holding the patients it re-checks.
_PATIENTS_ATTR = "_ablacem_recheck_patients"


def _patient_pk(record) -> int | None:
    from ..roles import patient_pk_of

    try:
        return patient_pk_of(record)
    except AttributeError:
        return None


def recheck_after_commit(record) -> None:
    """Once the save of ``record`` commits, re-run the edit checks for its patient's queries
    raised from a problem (:func:`ablacem.edc.services.query.queries_close_resolved`).

    Only patients with such a query not closed are re-checked (otherwise a save costs one small
    query), once per transaction however many records it saves: the edit checks run on the
    whole saved state, never on a half-saved form. A rolled-back save re-checks nothing.
    """
    patient_pk = _patient_pk(record)
    if patient_pk is None:
        return
    waiting = Query.objects.filter(patient_id=patient_pk).exclude(check_key="").exclude(state=QueryState.CLOSED)
    if not waiting.exists():
        return
    connection = transaction.get_connection()
    # Django keeps the callbacks of the open transaction in ``run_on_commit`` (dropped on rollback).
    for _savepoints, func, *_ in connection.run_on_commit:
        patients = getattr(func, _PATIENTS_ATTR, None)
        if patients is not None:
            patients.add(patient_pk)
            return

    def recheck() -> None:
        from .query import queries_close_resolved

        for pk in sorted(getattr(recheck, _PATIENTS_ATTR)):
            queries_close_resolved(patient_pk=pk)

    setattr(recheck, _PATIENTS_ATTR, {patient_pk})
    # robust: the save has committed; a failing re-check is logged, never turned into an error page.
    transaction.on_commit(recheck, robust=True)
