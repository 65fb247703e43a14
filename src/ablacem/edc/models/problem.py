"""Stored open edit-check problems: one row per problem, refreshed when a patient's records change."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from .base import ClinicalQuerySet
from .patient import Patient


class DerivedQuerySet(ClinicalQuerySet):
    """``visible_to`` like clinical records, but rows may be deleted: they are derived, not data."""

    def delete(self):
        """Delete the rows (they are recomputed from the clinical records, which keep their history)."""
        return models.QuerySet.delete(self)

    delete.queryset_only = True


class OpenProblem(models.Model):
    """One open edit-check problem of a patient, as :func:`ablacem.edc.selectors.problems.compute_problem_items`
    found it when the patient's records last changed.

    Not audited: the rows are derived from the clinical records (which are) and rebuilt by
    ``ablacem problems rebuild``. ``shown_from`` holds the date part of a rule that depends on
    today (a patient waiting for the procedure is a problem only from that day on), so a row
    stays right on later days without being recomputed; None: open now.
    """

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="open_problems")
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=500)  # as Query.check_key, which keeps it
    text = models.TextField()
    table = models.CharField(max_length=40, blank=True, default="")
    column = models.CharField(max_length=60, blank=True, default="")
    row = models.JSONField(default=list, blank=True)
    shown_from = models.DateField(null=True, blank=True)

    objects = DerivedQuerySet.as_manager()
    patient_lookup = "patient"

    class Meta:
        ordering = ["patient_id", "position"]
        indexes = [
            models.Index(fields=["patient", "position"], name="edc_openproblem_patient"),
            models.Index(fields=["shown_from"], name="edc_openproblem_shown_from"),
        ]

    def __str__(self) -> str:
        return f"problem {self.position} of patient {self.patient_id}"


class StaleProblems(models.Model):
    """A patient whose records changed since their problems were computed.

    Written in the transaction of the change, so it commits with it; the refresh the worker runs
    after commit removes it. One left longer than ``PROBLEMS_CATCH_UP_SECONDS`` (no worker
    running, a refresh that failed) is caught up by the next read of the problems.
    """

    patient = models.OneToOneField(Patient, on_delete=models.CASCADE, related_name="+")
    marked_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = DerivedQuerySet.as_manager()
    patient_lookup = "patient"

    def __str__(self) -> str:
        return f"stale problems of patient {self.patient_id}"
