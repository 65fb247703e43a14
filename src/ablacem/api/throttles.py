"""Throttling per API token (per user for the browsable API's session)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    """At most ``ABLACEM_API_RATE`` requests (``"600/minute"``) per token, counted in the cache.

    The rate is read from the settings at each request (not once at import), so a deployment
    or a test may change it.
    """

    scope = "api_token"

    def get_rate(self):
        return settings.ABLACEM_API_RATE

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.prefix}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
