"""The stored visit schedule: one row per procedure and timepoint, so the worklist filters on dates."""

from __future__ import annotations

from django.db import models

from .procedure import Procedure


class ScheduledVisit(models.Model):
    """A timepoint's target day and window for one procedure (day 0), from ``protocol.windows``.

    Not audited: derived from the procedure date (which is), written by
    :func:`ablacem.edc.services.visit_schedule.visit_schedule_refresh` whenever a procedure is
    saved or imported. Whether the visit is recorded and when the study ended are read live
    from the visits and the patient, so only a change of procedure date changes these rows.
    """

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="schedule")
    timepoint = models.CharField(max_length=16)
    #: ``Timepoint.order``: the worklist sorts a patient's visits of one day by it.
    timepoint_order = models.PositiveSmallIntegerField()
    target = models.DateField()
    window_lower = models.DateField()
    window_upper = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["procedure", "timepoint"], name="edc_scheduledvisit_one_per_timepoint")
        ]
        indexes = [
            models.Index(fields=["target"], name="edc_scheduledvisit_target"),
            models.Index(fields=["window_upper"], name="edc_scheduledvisit_upper"),
        ]

    def __str__(self) -> str:
        return f"{self.timepoint} of procedure {self.procedure_id}"
