"""Making and checking API token strings (no database access here).

A token is ``abl_<prefix>_<secret>``: the prefix (8 hex characters) finds the row, the secret is
256 random bits (``secrets.token_urlsafe(32)``); the database keeps only the SHA-256 of the
whole string, compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

TOKEN_PREFIX = "abl"
_PATTERN = re.compile(r"^abl_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$")


def new_token() -> tuple[str, str]:
    """A fresh ``(token, prefix)`` pair."""
    prefix = secrets.token_hex(4)
    return f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}", prefix


def digest_of(token: str) -> str:
    """SHA-256 (hex) of ``token``: what is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def prefix_of(token: str) -> str | None:
    """The lookup prefix of a well-formed token, or None for anything else."""
    match = _PATTERN.match(token or "")
    return match.group(1) if match else None


def digest_matches(token: str, digest: str) -> bool:
    """Whether ``token`` hashes to ``digest`` (constant-time comparison)."""
    return hmac.compare_digest(digest_of(token), digest)
