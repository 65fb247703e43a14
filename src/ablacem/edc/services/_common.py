"""What every write service does: permission, locking, optimistic locking, history actor and reason."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from ablacem.protocol import ranges as rg

from .. import checks
from ..actors import Actor
from ..models import FormState
from ..models.history import HISTORY_ACTOR, history_actor_label
from ..roles import Action, can
from ._query_hook import recheck_after_commit
from ._sdv_hook import clear_changed_verifications
from ._study_lock_guard import refuse_if_study_locked
from .errors import RecordLockedError, StaleEditError

REASON_REQUIRED = "this form was already complete: give a reason for the change"
#: An edit that arrives without the version it was opened at (a blank hidden field) is refused.
VERSION_REQUIRED = (
    "This page was sent without the version of the record it was opened at, so another user's "
    "change could be overwritten; nothing was saved. Reload the page and enter your change again."
)


def require(actor: Actor, action: Action, obj=None) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` may do ``action`` (on ``obj``; see :func:`ablacem.edc.roles.can`);
    for ``edit``, also :class:`RecordLockedError` while the study database is locked."""
    if not can(actor, action, obj):
        raise PermissionDenied(f"your role does not allow {Action(action).value.replace('_', ' ')}")
    if action == Action.EDIT:
        refuse_if_study_locked()  # said before any edit check; save_record checks again


def raise_if(errors: Mapping[str, list[str]]) -> None:
    """Raise ``ValidationError`` with the per-field dict when any check failed."""
    if errors:
        raise ValidationError({field: list(messages) for field, messages in errors.items()})


def lock_for_update(record: models.Model) -> models.Model:
    """The record re-read from the database under a row lock (``SELECT ... FOR UPDATE``)."""
    return type(record).objects.select_for_update().get(pk=record.pk)


def check_version(current: models.Model, expected_version: int | None) -> None:
    """Optimistic locking: raise :class:`StaleEditError` if the stored version is not the one opened.

    Every change of an existing record needs the version it was opened at: without one
    (``None`` or blank) the change is refused with a ``ValidationError`` on ``version``, never
    saved over whatever another user saved meanwhile.
    """
    if expected_version is None or (isinstance(expected_version, str) and not expected_version.strip()):
        raise ValidationError({"version": [VERSION_REQUIRED]})
    if int(expected_version) == current.version:
        return
    last = current.history.order_by("-history_date", "-history_id").select_related("history_user").first()
    raise StaleEditError(
        model=current._meta.verbose_name,
        changed_by=history_actor_label(last) if last else "",
        changed_at=last.history_date if last else None,
        current_version=current.version,
    )


def check_editable(current: models.Model, reason: str, *, require_reason: bool = True) -> None:
    """Refuse locked (signed) or deleted records; demand a reason when changing a completed form."""
    if current.form_state == FormState.LOCKED:
        raise RecordLockedError(f"{current} is locked: the casebook was signed; a data manager must unlock it first")
    if getattr(current, "is_deleted", False):
        raise ValidationError(f"{current} was deleted")
    if require_reason and current.form_state in (FormState.COMPLETE, FormState.NOT_DONE) and not (reason or "").strip():
        raise ValidationError({"reason": [REASON_REQUIRED]})
    check_reason(reason)


def open_for_update(record: models.Model, *, expected_version: int | None, reason: str) -> models.Model:
    """Lock, version-check and state-check ``record``; return the fresh copy to modify."""
    current = lock_for_update(record)
    check_version(current, expected_version)
    check_editable(current, reason)
    return current


def check_reason(reason: str) -> None:
    """Refuse a reason (for a change, an unlock, a deletion) longer than ``ranges.REASON_MAX_CHARS``."""
    if message := rg.text_too_long("The reason", reason or "", rg.REASON_MAX_CHARS):
        raise ValidationError({"reason": [message]})


def stamp(record: models.Model, *, actor: Actor, reason: str = "") -> models.Model:
    """Put the actor (user and kind) and the reason on ``record`` for its next history row."""
    record._history_user = actor.user
    setattr(record, HISTORY_ACTOR, actor)
    record._change_reason = (reason or "").strip() or None
    return record


def _store_missing_as_null(record: models.Model) -> None:
    """Store what the edit checks read as missing (``""``, NaN: :func:`checks.is_missing`) as NULL
    in a nullable field, rather than fail at the database (``""`` in a number column; issue 11's
    fuzzing found ``lesion_create(mirels_size="")`` answering a server error)."""
    for field in record._meta.concrete_fields:
        if field.null and checks.is_missing(getattr(record, field.attname)):
            setattr(record, field.attname, None)


def save_record(record: models.Model, *, actor: Actor, reason: str = "", bump: bool = True) -> models.Model:
    """Save with the history actor and reason (django-simple-history), incrementing ``version``.

    The common path of every write of clinical data: it refuses the save while the study
    database is locked (:func:`refuse_if_study_locked`), clears the source verification of any
    verified value the save changes (:func:`clear_changed_verifications`) and, once the save
    commits, re-runs the edit checks behind the patient's queries raised from a problem
    (:func:`recheck_after_commit`).
    """
    refuse_if_study_locked()
    if bump and record.pk is not None:
        record.version += 1
    stamp(record, actor=actor, reason=reason)
    _store_missing_as_null(record)
    record.full_clean(validate_unique=False, validate_constraints=False)
    clear_changed_verifications(record, actor=actor)
    record.save()
    recheck_after_commit(record)
    return record


def patient_is_locked(patient) -> bool:
    """True while the patient's casebook is signed (no new forms may be added)."""
    return patient.form_state == FormState.LOCKED


def refuse_if_patient_locked(patient) -> None:
    """Raise :class:`RecordLockedError` when adding a form to a signed casebook."""
    if patient_is_locked(patient):
        raise RecordLockedError(f"the casebook of {patient.study_id} is signed; a data manager must unlock it first")


def next_child_id(parent_id: str, kind: str, existing) -> str:
    """Next ``<parent_id>-<kind><n>`` identifier (``ABL-001-L2``), one above the highest in ``existing``."""
    prefix = f"{parent_id}-{kind}"
    numbers = [int(x[len(prefix) :]) for x in existing if x.startswith(prefix) and x[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"
