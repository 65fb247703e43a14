"""What every clinical record has: version (optimistic locking), form state, soft delete, history."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from .history import ActorHistory


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

    def visible_to(self, actor, action=None):
        """The records ``actor`` may see: a patient only their own; readers of clinical data the
        patients of the sites they reach (:func:`ablacem.edc.sites.site_scope`: every patient
        with a single site, for the system and for whole-study users); anyone else none.

        Every selector and every ``..._or_404`` goes through it, so another site's patient is a
        404, never a 403 that would confirm it exists. ``action`` is what the records are read
        for (default ``view_clinical``): the exports read them for ``export_deidentified`` or
        ``export_identified``, the report for ``build_report``.
        """
        from ..actors import ActorKind
        from ..roles import Action, as_actor, can
        from ..sites import site_scope

        actor = as_actor(actor)
        lookup = self.model.patient_lookup
        if actor.kind == ActorKind.PATIENT:
            return self.filter(**{lookup if lookup == "pk" else f"{lookup}_id": actor.patient_pk})
        if not can(actor, action or Action.VIEW_CLINICAL):
            return self.none()
        scope = site_scope(actor)
        if scope is None:
            return self
        return self.filter(**{"site_id__in" if lookup == "pk" else f"{lookup}__site_id__in": scope})

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

    history = HistoricalRecords(inherit=True, bases=[ActorHistory])
    objects = ClinicalQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_locked(self) -> bool:
        """True while the patient's casebook is signed."""
        return self.form_state == FormState.LOCKED

    #: Path from a record to its patient's key (``"session__patient"``): :meth:`ClinicalQuerySet.visible_to`
    #: and :func:`ablacem.edc.roles.can` use it to tell whose record it is.
    patient_lookup = "patient"

    def delete(self, *args, **kwargs):
        """Refuse hard deletes; use :func:`ablacem.edc.services.record_soft_delete`."""
        raise PermissionError("clinical records are never hard-deleted; use record_soft_delete")
