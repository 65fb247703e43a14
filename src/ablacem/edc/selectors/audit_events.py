"""The study-level audit events (accounts, logins, exports, imports) for the data manager's page."""

from __future__ import annotations

from ..actors import describe
from ..models.audit_event import AuditEvent, AuditEventKind

#: Events shown on one page (newest first).
PAGE_SIZE = 500


def study_audit_events(*, kind: str = "", limit: int = PAGE_SIZE) -> list[dict]:
    """The latest audit events, newest first, optionally of one kind.

    Returns
    -------
    list of dict
        ``at``, ``kind`` (label), ``who`` (as the clinical audit trail names actors),
        ``subject`` (the account concerned or the username typed), ``identified`` (exports:
        "identified", "de-identified" or ""), ``detail``.
    """
    events = AuditEvent.objects.order_by("-at", "-pk")
    if kind in AuditEventKind.values:
        events = events.filter(kind=kind)
    labels = dict(AuditEventKind.choices)
    rows = []
    for e in events[:limit]:
        rows.append(
            {
                "at": e.at,
                "kind": labels.get(e.kind, e.kind),
                "who": describe(e.actor_kind, e.actor_name),
                "subject": e.subject_username,
                "identified": "" if e.identified is None else ("identified" if e.identified else "de-identified"),
                "detail": e.detail,
            }
        )
    return rows
