"""The one check that keeps clinical data frozen while the study database is locked."""

from __future__ import annotations

from ..models import LockState, StudyLock
from .errors import RecordLockedError

STUDY_LOCKED = (
    "the study database is locked (confirmed {when}): no clinical data can be changed "
    "until a data manager unlocks it with a reason"
)


def refuse_if_study_locked() -> None:
    """Raise :class:`RecordLockedError` while a database lock is in force.

    Called by every write of clinical data (:func:`ablacem.edc.services._common.save_record`),
    by the dataset import and by the query and verification services.
    """
    lock = StudyLock.objects.filter(state=LockState.LOCKED).only("confirmed_at").first()
    if lock is not None:
        raise RecordLockedError(STUDY_LOCKED.format(when=f"{lock.confirmed_at:%Y-%m-%d %H:%M} UTC"))
