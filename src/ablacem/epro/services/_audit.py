"""Saving an ePRO record with its actor and reason on the history row (as the EDC's services do)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from ablacem.edc.actors import Actor
from ablacem.edc.models.history import HISTORY_ACTOR
from ablacem.edc.roles import Action, can


def save_audited(record, *, actor: Actor, reason: str, update_fields=None) -> None:
    """Save ``record`` so that its django-simple-history row names ``actor`` and ``reason``."""
    record._history_user = actor.user
    setattr(record, HISTORY_ACTOR, actor)
    record._change_reason = reason
    record.save(update_fields=update_fields)


def require(actor: Actor, action: Action, obj=None) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` may do ``action`` on ``obj`` (:func:`ablacem.edc.roles.can`)."""
    if not can(actor, action, obj):
        raise PermissionDenied(f"your role does not allow {Action(action).value.replace('_', ' ')}")
