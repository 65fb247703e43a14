"""Database lock: a data manager requests it, an investigator (another user) confirms it.

While locked, no page, service or command changes clinical data (the guard in the common save
path, :func:`ablacem.edc.services._study_lock_guard.refuse_if_study_locked`) until a data
manager unlocks it with a reason. ICH E6(R3) (2025) section 4.3 and the usual close-out: the
final dataset is taken from the locked database. Every step is a history row of
:class:`~ablacem.edc.models.StudyLock`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..actors import Actor
from ..models import LockState, StudyLock
from ..models.history import HISTORY_ACTOR
from ..roles import Action
from ._common import raise_if, require


def _save(lock: StudyLock, *, actor: Actor, reason: str) -> StudyLock:
    lock._history_user = actor.user
    setattr(lock, HISTORY_ACTOR, actor)
    lock._change_reason = reason
    lock.save()
    return lock


def _current(*states: str) -> StudyLock | None:
    return StudyLock.objects.select_for_update().filter(state__in=states).first()


@transaction.atomic
def study_lock_request(*, note: str = "", actor: Actor) -> StudyLock:
    """A data manager asks to lock the study database; nothing is frozen until confirmed.

    Raises
    ------
    ValidationError
        ``{"lock": ...}`` when a lock is already requested or in force.
    PermissionDenied
        Unless the actor may ``lock_study``.
    """
    require(actor, Action.LOCK_STUDY)
    existing = _current(LockState.REQUESTED, LockState.LOCKED)
    if existing is not None:
        raise ValidationError({"lock": [f"a database lock is already {existing.get_state_display().lower()}"]})
    lock = StudyLock(requested_by=actor.user, requested_at=timezone.now(), request_note=(note or "").strip())
    return _save(lock, actor=actor, reason="database lock requested")


@transaction.atomic
def study_lock_confirm(*, password: str, actor: Actor) -> StudyLock:
    """An investigator, not the requester, confirms the requested lock (re-entering the password).

    Raises
    ------
    ValidationError
        ``{"password": ...}`` when wrong; ``{"lock": ...}`` when no lock is requested or the
        requester tries to confirm their own request.
    PermissionDenied
        Unless the actor may ``confirm_lock``.
    """
    require(actor, Action.CONFIRM_LOCK)
    if not actor.user.check_password(password or ""):
        raise_if({"password": ["the password is not correct"]})
    lock = _current(LockState.REQUESTED)
    if lock is None:
        raise ValidationError({"lock": ["no database lock is requested"]})
    if lock.requested_by_id == actor.user.pk:
        raise ValidationError({"lock": ["the lock must be confirmed by another user than the one who requested it"]})
    lock.state = LockState.LOCKED
    lock.confirmed_by = actor.user
    lock.confirmed_at = timezone.now()
    return _save(lock, actor=actor, reason="database lock confirmed")


@transaction.atomic
def study_lock_withdraw(*, actor: Actor) -> StudyLock:
    """A data manager withdraws a lock request not yet confirmed.

    Raises
    ------
    ValidationError
        ``{"lock": ...}`` when no lock is requested.
    PermissionDenied
    """
    require(actor, Action.LOCK_STUDY)
    lock = _current(LockState.REQUESTED)
    if lock is None:
        raise ValidationError({"lock": ["no database lock is requested"]})
    lock.state = LockState.WITHDRAWN
    return _save(lock, actor=actor, reason="database lock request withdrawn")


@transaction.atomic
def study_unlock(*, reason: str, actor: Actor) -> StudyLock:
    """A data manager lifts the database lock, giving the reason (kept in the audit trail).

    Raises
    ------
    ValidationError
        ``{"reason": ...}`` without a reason; ``{"lock": ...}`` when the study is not locked.
    PermissionDenied
    """
    require(actor, Action.LOCK_STUDY)
    why = (reason or "").strip()
    if not why:
        raise_if({"reason": ["give the reason for unlocking the database"]})
    lock = _current(LockState.LOCKED)
    if lock is None:
        raise ValidationError({"lock": ["the study database is not locked"]})
    lock.state = LockState.UNLOCKED
    lock.unlocked_by = actor.user
    lock.unlocked_at = timezone.now()
    lock.unlock_reason = why
    return _save(lock, actor=actor, reason=f"database unlocked: {why}")


@transaction.atomic
def study_lock_record_final_export(*, manifest_sha256: str, actor: Actor) -> StudyLock:
    """Keep, on the lock in force, the SHA-256 of the final export's manifest (audited).

    Raises
    ------
    ValidationError
        ``{"lock": ...}`` when the study is not locked (a final export needs a locked database).
    """
    lock = _current(LockState.LOCKED)
    if lock is None:
        raise ValidationError({"lock": ["the study database is not locked: lock it before the final export"]})
    lock.final_export_sha256 = manifest_sha256
    return _save(lock, actor=actor, reason="final export written")
