"""Who may call an endpoint: the role of the token's (or session's) user, as on the pages.

Each view names the action each method needs (``actions = {"GET": Action.VIEW_CLINICAL,
"POST": Action.EDIT}``); :func:`ablacem.edc.roles.can` answers with the same matrix as the
pages. Which records are reached is then ``Model.objects.visible_to(actor)``: a record out of
reach is a 404, never a 403.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from ablacem.edc.actors import Actor
from ablacem.edc.roles import can


def api_actor(request) -> Actor:
    """The actor of an API request: an API client under the request's user (audited as channel API)."""
    actor = getattr(request, "_ablacem_api_actor", None)
    if actor is None or actor.user is not request.user:
        actor = Actor.api(request.user)
        request._ablacem_api_actor = actor
    return actor


class RoleAllows(BasePermission):
    """The method's action (``view.actions``) is in the user's role (HEAD and OPTIONS as GET)."""

    message = "your role does not allow this"

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
        action = view.actions.get(method)
        if action is None:
            # A method the view does not have gets DRF's 405; one it has but did not map is refused.
            return not hasattr(view, request.method.lower())
        allowed = can(api_actor(request), action)
        if not allowed:
            self.message = f"your role does not allow {action.value.replace('_', ' ')}"
        return allowed
