"""Keep the stored visit schedule (:class:`~ablacem.edc.models.ScheduledVisit`) current."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from ablacem.protocol.timepoints import TIMEPOINTS
from ablacem.protocol.windows import target_date, window

from ..models import Procedure, ScheduledVisit


def schedule_rows(procedure_pk: int, procedure_date: dt.date) -> list[ScheduledVisit]:
    """The schedule of one procedure: every timepoint's target and window (``protocol.windows``)."""
    rows = []
    for tp in TIMEPOINTS:
        lower, upper = window(procedure_date, tp)
        rows.append(
            ScheduledVisit(
                procedure_id=procedure_pk,
                timepoint=tp.code,
                timepoint_order=tp.order,
                target=target_date(procedure_date, tp),
                window_lower=lower,
                window_upper=upper,
            )
        )
    return rows


@transaction.atomic
def visit_schedule_refresh(*, procedure_pks: Iterable[int]) -> int:
    """Rewrite the schedule of the given procedures from their procedure dates.

    Called in the transaction that saves a procedure (the procedure service, the dataset
    import), so the schedule commits with the date it is derived from. Rows are derived, not
    data: they are replaced, never audited.

    Parameters
    ----------
    procedure_pks : iterable of int
        Keys of :class:`~ablacem.edc.models.Procedure` rows (deleted ones included: a restored
        procedure keeps its schedule).

    Returns
    -------
    int
        Rows written.
    """
    pks = list(procedure_pks)
    ScheduledVisit.objects.filter(procedure_id__in=pks).delete()
    rows = [
        row
        for pk, day0 in Procedure.objects.filter(pk__in=pks).values_list("pk", "procedure_date")
        for row in schedule_rows(pk, day0)
    ]
    ScheduledVisit.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def visit_schedule_rebuild() -> int:
    """Rewrite the schedule of every procedure (after bulk inserts that bypass the services)."""
    return visit_schedule_refresh(procedure_pks=Procedure.objects.values_list("pk", flat=True))
