"""User accounts as the user-management page lists them."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from ..roles import ROLE_NAMES


def users_list() -> list[dict]:
    """Every account: ``pk``, ``username``, ``full_name``, ``email``, ``role`` (or None),
    ``is_active``, ``last_login``; sorted by username. Two queries."""
    users = get_user_model().objects.order_by("username").prefetch_related("groups")
    out = []
    for u in users:
        roles = [g.name for g in u.groups.all() if g.name in ROLE_NAMES]
        out.append(
            {
                "pk": u.pk,
                "username": u.get_username(),
                "full_name": u.get_full_name(),
                "email": u.email,
                "role": roles[0] if roles else None,
                "is_active": u.is_active,
                "last_login": u.last_login,
            }
        )
    return out
