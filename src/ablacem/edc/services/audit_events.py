"""Recording the audit events that are not clinical changes (accounts, logins, exports, imports)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from ..actors import Actor
from ..models.audit_event import AuditEvent, AuditEventKind


@transaction.atomic
def audit_event_record(
    *,
    actor: Actor | None,
    kind: AuditEventKind | str,
    subject_username: str = "",
    detail: str = "",
    identified: bool | None = None,
) -> AuditEvent:
    """Store one audit event (it joins the audit chain in the same transaction).

    Parameters
    ----------
    actor : Actor or None
        Who acted; None for an anonymous visitor (a failed login), stored as the system.
    kind : AuditEventKind
    subject_username : str, optional
        The account the event is about (for a failed login: the username as typed).
    detail : str, optional
        What, in words, without patient identifiers (cut to 500 characters).
    identified : bool, optional
        For exports and downloads: whether the file holds identifiers.

    Returns
    -------
    AuditEvent
    """
    actor = actor or Actor.system("anonymous")
    return AuditEvent.objects.create(
        at=timezone.now(),
        kind=AuditEventKind(kind),
        user=actor.user,
        actor_kind=str(actor.kind),
        actor_name=actor.name[:150],
        subject_username=(subject_username or "")[:150],
        identified=identified,
        detail=(detail or "")[:500],
    )
