"""API tokens: created by a user for their own account, shown once, stored as SHA-256 only."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Tokens neither revoked nor expired at ``now``."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    """One API token of a user: the client acts with that user's role (and sites).

    Attributes
    ----------
    user : User
        Whose account the token acts under.
    name : str
        What the user calls it (``"REDCap bridge"``); never a secret.
    prefix : str
        The token's first characters, stored in clear to find it (and to show it on the page).
    digest : str
        SHA-256 (hex) of the whole token; the token itself is never stored.
    expires_at, revoked_at, last_used_at : datetime
        Expiry (required), revocation and last use (updated at most once a minute).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"API token {self.prefix}… ({self.name})"

    def is_usable(self, now=None) -> bool:
        """Neither revoked nor expired at ``now``."""
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
