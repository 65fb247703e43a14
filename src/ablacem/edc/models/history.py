"""Who acted, kept on every history row beside django-simple-history's ``history_user``.

The user alone cannot tell a patient's own answers or an import from a coordinator's entry:
each historical model also stores the actor's kind and name (:class:`ablacem.edc.actors.Actor`),
set from the ``_history_actor`` a service puts on the record before saving it.
"""

from __future__ import annotations

from django.db import models
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from ..actors import ActorKind, describe

#: Attribute of a record that carries the actor to its history row (set by the services).
HISTORY_ACTOR = "_history_actor"


class ActorHistory(models.Model):
    """Abstract base of every historical model: the actor's kind and name.

    Both are blank on rows written before actors were recorded (and by saves outside the services).
    """

    actor_kind = models.CharField(
        "Acting as", max_length=10, choices=[(k.value, k.value) for k in ActorKind], blank=True, default=""
    )
    actor_name = models.CharField("Actor", max_length=150, blank=True, default="")

    class Meta:
        abstract = True


def actor_attributes(actor) -> dict[str, str]:
    """``{"actor_kind": ..., "actor_name": ...}`` of a history row written by ``actor``."""
    return {"actor_kind": str(actor.kind), "actor_name": actor.name}


def history_actor_label(row) -> str:
    """Who wrote a history row, as the audit trail says it: the actor (``patient ABL-001
    (patient)``, ``import (system)``, a username for staff); for rows written before actors were
    recorded, the user's name, else ``system``."""
    if getattr(row, "actor_kind", ""):
        return describe(row.actor_kind, row.actor_name)
    return row.history_user.get_username() if row.history_user else "system"


@receiver(pre_create_historical_record)
def _record_actor(sender, instance, history_instance, **kwargs) -> None:
    actor = getattr(instance, HISTORY_ACTOR, None)
    if actor is not None:
        for name, value in actor_attributes(actor).items():
            setattr(history_instance, name, value)
