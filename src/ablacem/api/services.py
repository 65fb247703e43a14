"""Writing API tokens: create (the token is returned once) and revoke, both audited."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ablacem.edc.actors import Actor
from ablacem.edc.models.audit_event import AuditEventKind
from ablacem.edc.roles import role_of
from ablacem.edc.services import audit_event_record

from .models import ApiToken
from .tokens import digest_of, new_token

NAME_MAX_CHARS = ApiToken._meta.get_field("name").max_length
#: Last-used times are written at most this often per token (not one write per request).
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@transaction.atomic
def api_token_create(*, actor: Actor, name: str, days: int) -> tuple[ApiToken, str]:
    """Create an API token for the actor's own account.

    Parameters
    ----------
    actor : Actor
        A logged-in user with a study role; the token acts with that user's role.
    name : str
        What the user calls the token (1 to 80 characters).
    days : int
        Days until it expires, 1 to ``settings.ABLACEM_API_TOKEN_MAX_DAYS``.

    Returns
    -------
    (ApiToken, str)
        The stored row and the token itself, which is shown once and never stored.

    Raises
    ------
    ValidationError
        ``name`` or ``days`` out of their rules.
    PermissionDenied
        Without an account with a role.
    """
    if actor.user is None or (role_of(actor.user) is None and not getattr(actor.user, "is_superuser", False)):
        raise PermissionDenied("only a user with a study role may create API tokens")
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = ["name the token (what it is for)"]
    elif len(name) > NAME_MAX_CHARS:
        errors["name"] = [f"at most {NAME_MAX_CHARS} characters"]
    max_days = settings.ABLACEM_API_TOKEN_MAX_DAYS
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= max_days:
        errors["days"] = [f"a whole number of days from 1 to {max_days}"]
    if errors:
        raise ValidationError(errors)
    token, prefix = new_token()
    now = timezone.now()
    record = ApiToken.objects.create(
        user=actor.user,
        name=name,
        prefix=prefix,
        digest=digest_of(token),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    audit_event_record(
        actor=actor,
        kind=AuditEventKind.API_TOKEN_CREATED,
        subject_username=actor.user.get_username(),
        detail=f"token {prefix}… ({name}), expires {record.expires_at:%Y-%m-%d}",
    )
    return record, token


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens (a revoked token authenticates nothing).

    Raises
    ------
    PermissionDenied
        The token is another user's.
    """
    if actor.user is None or token.user_id != actor.user.pk:
        raise PermissionDenied("you can revoke only your own API tokens")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_event_record(
            actor=actor,
            kind=AuditEventKind.API_TOKEN_REVOKED,
            subject_username=actor.user.get_username(),
            detail=f"token {token.prefix}… ({token.name})",
        )
    return token


def api_token_touch(*, token: ApiToken, now: dt.datetime | None = None) -> None:
    """Record the token's use, at most once per :data:`LAST_USED_RESOLUTION` (one UPDATE, no history)."""
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
