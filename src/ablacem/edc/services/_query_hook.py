"""After a save commits, have the worker recompute the patient's open problems and close the
queries raised from edit checks that no longer fail."""

from __future__ import annotations

from django.db import transaction

from .problems import problems_mark_stale

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
    """Once the save of ``record`` commits, queue the task that recomputes its patient's open
    problems and closes the patient's queries raised from a problem that is gone
    (:func:`ablacem.edc.tasks.refresh_problems`, run by ``ablacem worker``: a patient's checks
    take a few hundred milliseconds, which the save does not wait for).

    Marks the patient stale in the save's transaction (one insert, once per transaction
    however many records it saves), so a refresh that does not run is caught up by a later
    read. The edit checks run on the whole saved state, never on a half-saved form. A
    rolled-back save queues nothing.
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
        from ..tasks import refresh_problems

        refresh_problems.enqueue(sorted(getattr(recheck, _PATIENTS_ATTR)))

    setattr(recheck, _PATIENTS_ATTR, {patient_pk})
    # robust: the save has committed; a failing enqueue is logged, never turned into an error page.
    transaction.on_commit(recheck, robust=True)
