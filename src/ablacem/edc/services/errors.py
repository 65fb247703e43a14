"""Errors raised by the services (besides Django's ``ValidationError`` and ``PermissionDenied``)."""

from __future__ import annotations

from ..site_time import site_time


class StaleEditError(Exception):
    """The record changed since the user opened it (optimistic locking); nothing was saved.

    Attributes
    ----------
    changed_by : str
        Username of whoever saved the newer version ("" when unknown).
    changed_at : datetime or None
        When that was (the message shows it in the site time zone, as the audit trail does).
    current_version : int
        The version now in the database.
    """

    def __init__(self, *, model: str, changed_by: str, changed_at, current_version: int):
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.current_version = current_version
        when = f" at {site_time(changed_at)}" if changed_at else ""
        who = changed_by or "another user"
        super().__init__(
            f"This {model} was changed by {who}{when} since you opened it; nothing was saved. "
            "Reload it to see the changes, then enter yours again."
        )


class RecordLockedError(Exception):
    """The patient's casebook is signed: forms are locked until a data manager unlocks them."""
