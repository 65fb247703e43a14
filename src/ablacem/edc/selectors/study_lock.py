"""The database lock as pages show it."""

from __future__ import annotations

from ..models import LockState, StudyLock


def study_lock_pending_or_active() -> StudyLock | None:
    """The lock requested or in force (None when the study is open)."""
    return (
        StudyLock.objects.filter(state__in=[LockState.REQUESTED, LockState.LOCKED])
        .select_related("requested_by", "confirmed_by")
        .first()
    )


def study_is_locked() -> bool:
    """True while a database lock is in force."""
    return StudyLock.objects.filter(state=LockState.LOCKED).exists()


def study_lock_history() -> list[StudyLock]:
    """Every lock, newest first (requests, locks, unlocks with their reasons)."""
    return list(StudyLock.objects.select_related("requested_by", "confirmed_by", "unlocked_by"))
