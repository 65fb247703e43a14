"""Whether a user has, or must have, a second factor (a TOTP authenticator, django-otp)."""

from __future__ import annotations

from django.conf import settings
from django_otp import user_has_device

from ..roles import PERMISSIONS, Action, Role, role_of

#: Roles that must log in with a second factor when ``ABLACEM_REQUIRE_SECOND_FACTOR`` is on:
#: those that see identifiers or sign (read from the permission matrix, so a role given either
#: action later is covered too).
SECOND_FACTOR_ROLES: frozenset[Role] = frozenset(
    role for role, actions in PERMISSIONS.items() if actions & {Action.VIEW_IDENTIFIERS, Action.SIGN}
)


def has_second_factor(user) -> bool:
    """Whether ``user`` has a confirmed authenticator."""
    return bool(getattr(user, "is_authenticated", False)) and user_has_device(user, confirmed=True)


def second_factor_required(user) -> bool:
    """Whether ``user`` must enrol an authenticator before using the EDC: the setting
    ``ABLACEM_REQUIRE_SECOND_FACTOR`` is on and the user's role sees identifiers or signs
    (superusers count as data managers)."""
    if not getattr(settings, "ABLACEM_REQUIRE_SECOND_FACTOR", False):
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    role = Role.DATA_MANAGER if user.is_superuser else role_of(user)
    return role in SECOND_FACTOR_ROLES
