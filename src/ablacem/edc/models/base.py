"""What every clinical record has: version (optimistic locking), form state, soft delete, history."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords


class FormState(models.TextChoices):
    """State of a form as the patient page shows it.

    ``not_started`` is also the state of ``not_due`` rows left by imports made before ``not_due``
    stopped being stored (the selectors treat them as no record).
    ``locked`` is set by signing the casebook; the state it replaced is kept in
    ``state_before_lock`` and restored by unlocking.
    """

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    NOT_DONE = "not_done", "Not done"
    LOCKED = "locked", "Locked"


class ClinicalQuerySet(models.QuerySet):
    """Query helpers shared by every clinical model."""

    def active(self):
        """Records that were not soft-deleted."""
        return self.filter(is_deleted=False)

    def delete(self):
        """Refused, like :meth:`ClinicalRecord.delete`: a bulk delete would bypass it (and the history)."""
        raise PermissionError("clinical records are never hard-deleted; use record_soft_delete")

    delete.queryset_only = True


class ClinicalRecord(models.Model):
    """Abstract base of every clinical model.

    Attributes
    ----------
    version : int
        Incremented by every save through a service; update services take the version the user
        opened and refuse the save when it changed (:class:`ablacem.edc.services.errors.StaleEditError`).
    form_state : str
        A :class:`FormState` value.
    state_before_lock : str
        The form state to restore when the casebook is unlocked (empty unless locked).
    is_deleted : bool
        Soft delete: clinical records are never removed from the database.
    history
        django-simple-history: one historical row per change (user, date, reason, values).
    """

    version = models.PositiveIntegerField(default=1)
    form_state = models.CharField(max_length=12, choices=FormState.choices, default=FormState.COMPLETE)
    state_before_lock = models.CharField(max_length=12, choices=FormState.choices, blank=True, default="")
    is_deleted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(inherit=True)
    objects = ClinicalQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_locked(self) -> bool:
        """True while the patient's casebook is signed."""
        return self.form_state == FormState.LOCKED

    def delete(self, *args, **kwargs):
        """Refuse hard deletes; use :func:`ablacem.edc.services.record_soft_delete`."""
        raise PermissionError("clinical records are never hard-deleted; use record_soft_delete")
