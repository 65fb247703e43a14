"""User accounts as the user-management page lists them."""

from __future__ import annotations

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..roles import ROLE_NAMES


def users_list() -> list[dict]:
    """Every account: ``pk``, ``username``, ``full_name``, ``email``, ``role`` (or None),
    ``is_active``, ``last_login``, ``locked_out`` (django-axes lockout after repeated failed
    passwords), ``has_authenticator`` (a confirmed TOTP second factor); sorted by username. Four queries."""
    users = get_user_model().objects.order_by("username").prefetch_related("groups")
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=get_failure_limit(None, {}))
    cool_off = get_cool_off()
    if cool_off is not None:  # an older lockout has already ended
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    locked = set(attempts.values_list("username", flat=True))
    with_device = set(TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True))
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
                "locked_out": u.get_username() in locked,
                "has_authenticator": u.pk in with_device,
            }
        )
    return out


def user_sites() -> dict[int, dict]:
    """Each account's sites: ``{user pk: {"whole_study": bool, "codes": [site codes]}}``
    (accounts without a site row are absent: they reach no site once there are several). Two queries."""
    from ..models.site import SiteAccess

    out = {}
    for access in SiteAccess.objects.prefetch_related("sites"):
        out[access.user_id] = {"whole_study": access.whole_study, "codes": sorted(s.code for s in access.sites.all())}
    return out
