"""A scheduled visit and a CT as their pages read them: the record, its analgesics, its window."""

from __future__ import annotations

import datetime as dt

from ablacem.protocol.timepoints import Timepoint
from ablacem.protocol.windows import target_date, window

from ..models import Analgesic, Assessment, Imaging, Lesion, Patient
from ..models.lookups import procedure_date_of


def visit_at(patient: Patient, timepoint: str) -> Assessment | None:
    """The patient's (not deleted) record of the visit at ``timepoint``, if any."""
    return Assessment.objects.active().filter(patient=patient, timepoint=timepoint).first()


def visit_analgesics(visit: Assessment) -> list[Analgesic]:
    """The visit's (not deleted) analgesic lines, in entry order."""
    return list(Analgesic.objects.filter(assessment=visit, is_deleted=False).order_by("position", "id"))


def visit_schedule(patient: Patient, tp: Timepoint) -> dict[str, dt.date]:
    """``{"target", "lower", "upper"}`` dates of the visit, once the procedure date is known (else ``{}``)."""
    day0 = procedure_date_of(patient)
    if day0 is None:
        return {}
    lower, upper = window(day0, tp)
    return {"target": target_date(day0, tp), "lower": lower, "upper": upper}


def imaging_at(lesion: Lesion, timepoint: str) -> Imaging | None:
    """The lesion's (not deleted) CT record at ``timepoint``, if any."""
    return Imaging.objects.active().filter(lesion=lesion, timepoint=timepoint).first()
