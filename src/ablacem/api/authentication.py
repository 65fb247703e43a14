"""``Authorization: Bearer <token>`` for API clients (the browsable API also takes the session)."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import ApiToken
from .services import api_token_touch
from .tokens import digest_matches, prefix_of

_REFUSED = "invalid, expired or revoked API token"


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """Authenticate a request by an API token; ``request.auth`` is the :class:`ApiToken`.

    The token is found by its prefix and checked against its stored SHA-256 in constant time;
    an expired or revoked token, or one whose user is inactive, is refused the same way (the
    answer never says which). The token itself is never logged.
    """

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_REFUSED)
        try:
            token = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_REFUSED) from None
        prefix = prefix_of(token)
        record = ApiToken.objects.select_related("user").filter(prefix=prefix).first() if prefix else None
        now = timezone.now()
        if record is None or not digest_matches(token, record.digest) or not record.is_usable(now):
            raise exceptions.AuthenticationFailed(_REFUSED)
        if not record.user.is_active:
            raise exceptions.AuthenticationFailed(_REFUSED)
        api_token_touch(token=record, now=now)
        return record.user, record

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
