"""Small shared ORM lookups used by services and selectors."""

from __future__ import annotations

import datetime as dt

from .procedure import Procedure


def procedure_date_of(patient) -> dt.date | None:
    """Day 0 of the patient's schedule (the procedure date), or None before the procedure."""
    return Procedure.objects.active().filter(patient=patient).values_list("procedure_date", flat=True).first()
