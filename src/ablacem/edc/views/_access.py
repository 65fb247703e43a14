"""Who may open a page: login first, then the role's permission (:func:`ablacem.edc.roles.can`).

A refusal raises :class:`~django.core.exceptions.PermissionDenied` with a sentence that says
why, in terms of the role; it never names a patient (the 403 page shows it).
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from ablacem.edc.actors import actor_from_request
from ablacem.edc.roles import Action, can

#: Why each action is refused, as the 403 page says it.
REFUSALS: dict[str, str] = {
    Action.VIEW_CLINICAL: "Your role does not give access to clinical pages.",
    Action.VIEW_IDENTIFIERS: "Your role does not allow seeing identifying data.",
    Action.VIEW_AUDIT: "Your role does not allow reading audit trails.",
    Action.EDIT: "Your role can read data but not enter or change it.",
    Action.SIGN: "Only an investigator can sign a casebook.",
    Action.UNLOCK: "Only a data manager can unlock a signed casebook.",
    Action.MANAGE_USERS: "Only a data manager can manage user accounts.",
    Action.EXPORT_IDENTIFIED: "Your role does not allow identified exports.",
    Action.EXPORT_DEIDENTIFIED: "Your role does not allow de-identified exports.",
    Action.BUILD_REPORT: "Your role does not allow building the study report.",
    Action.MEASURE_CT: "Only an investigator (the radiologist) can upload a CT series and rule on its measurement.",
}


def refuse(action: Action | str) -> PermissionDenied:
    """The exception to raise when the user may not do ``action``."""
    return PermissionDenied(REFUSALS[Action(action)])


def check(actor, action: Action | str, obj=None) -> None:
    """Raise :class:`PermissionDenied` (with the reason) unless ``actor`` may do ``action`` (on ``obj``)."""
    if not can(actor, action, obj):
        raise refuse(action)


def requires(get: Action | str, post: Action | str | None = None):
    """Decorator of a view: anonymous users go to the login page; others need ``get`` to read
    the page and ``post`` (default: the same) to submit it.

    Parameters
    ----------
    get : Action or str
        Action needed for GET/HEAD.
    post : Action or str, optional
        Action needed for POST; defaults to ``get``.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check(actor_from_request(request), (post or get) if request.method == "POST" else get)
            return view(request, *args, **kwargs)

        wrapper.required_actions = (Action(get), Action(post or get))
        return wrapper

    return decorator


def requires_any(*actions: Action | str):
    """Decorator of a view open to a user who may do at least one of ``actions`` (the exports page)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(can(actor_from_request(request), a) for a in actions):
                raise PermissionDenied("Your role does not give access to exports or the report.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
