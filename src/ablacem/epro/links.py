"""Patient link tokens: how a link's secret token is made, found and turned into an address.

Design
------
A link's token is never stored. Each :class:`~ablacem.epro.models.PatientLink` row keeps a
random per-link ``nonce`` (256 bits from :mod:`secrets`) and ``token_hash = sha256(token)``;
the token itself is ``HMAC-SHA256(link key, nonce)``, URL-safe base64 (43 characters,
256 bits). So:

- a request is matched by hashing the token it carries and looking the hash up (a unique
  index); the token cannot be recovered from the hash;
- a copy of the database alone gives no working link: the nonce is useless without the link
  key, which lives in the server's settings, not in the database;
- the same working link can be regenerated from the row and the key (reminders repeat the
  link of the invitation; in-clinic mode opens it on the tablet) without storing it.

The link key is ``settings.ABLACEM_LINK_KEY`` when set, else derived from ``SECRET_KEY``
(HMAC of a fixed label), so rotating either one invalidates every link issued before.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.conf import settings
from django.urls import reverse

#: Bytes of randomness of a link's nonce (the token has as many bits as the HMAC: 256).
NONCE_BYTES = 32
_KEY_LABEL = b"ablacem.epro.patient-link-key.v1"


def link_key() -> bytes:
    """The secret key of the token HMAC: ``ABLACEM_LINK_KEY``, else one derived from ``SECRET_KEY``."""
    configured = getattr(settings, "ABLACEM_LINK_KEY", "") or ""
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), _KEY_LABEL, hashlib.sha256).digest()


def new_nonce() -> str:
    """A fresh random per-link nonce (hex)."""
    return secrets.token_hex(NONCE_BYTES)


def token_for_nonce(nonce: str) -> str:
    """The link token of ``nonce``: URL-safe base64 of ``HMAC-SHA256(link key, nonce)``."""
    digest = hmac.new(link_key(), nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    """``sha256(token)`` in hex: what the database stores and looks a token up by."""
    return hashlib.sha256(token.encode()).hexdigest()


def link_token(link) -> str:
    """The working token of ``link`` (regenerated from its nonce and the link key)."""
    return token_for_nonce(link.nonce)


def link_path(link) -> str:
    """The address path of the patient's questionnaire (``/p/<token>/``): the token alone."""
    return reverse("epro:start", kwargs={"token": link_token(link)})


def link_url(link, *, base_url: str) -> str:
    """The full address of ``link`` on the site at ``base_url`` (``https://study.example.org``)."""
    return base_url.rstrip("/") + link_path(link)
