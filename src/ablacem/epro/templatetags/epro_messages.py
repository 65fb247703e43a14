"""Template tags the staff pages use to show the invitations: the patient's send log and the dashboard's failures."""

from __future__ import annotations

from django import template

from ablacem.edc.actors import actor_from_request
from ablacem.edc.roles import Action, can

from ..messaging import config
from ..messaging.selectors import failed_messages, send_log

register = template.Library()


@register.inclusion_tag("epro/messaging/_send_log.html", takes_context=True)
def epro_send_log(context, patient):
    """The patient's send log: roles that see identifiers also see the address and the provider's error."""
    actor = actor_from_request(context["request"])
    return {
        "patient": patient,
        "rows": send_log(actor=actor, patient=patient),
        "show_address": can(actor, Action.VIEW_IDENTIFIERS, patient),
        "can_edit": can(actor, Action.EDIT, patient),
    }


@register.inclusion_tag("epro/messaging/_failed_messages.html", takes_context=True)
def epro_failed_messages(context):
    """The dashboard's list of messages given up after the last attempt."""
    attempts = config.max_attempts()
    return {
        "failed": failed_messages(actor=actor_from_request(context["request"]), max_attempts=attempts),
        "attempts": attempts,
    }
