"""Optimistic locking over HTTP: ``ETag`` from a record's ``version``, ``If-Match`` on changes.

A change of an existing record (PUT, PATCH) must send ``If-Match`` with the ETag it read
(RFC 9110 §13.1.1): without it the answer is 428 (RFC 6585 §3); an ETag that is not the
record's current one reaches the service as a stale version, which answers 412.
"""

from __future__ import annotations

import re

from .problems import PreconditionRequired

_ETAG = re.compile(r'^\s*(?:W/)?"(\d{1,9})"\s*$')
#: A version no record has: what an unparseable If-Match turns into (the service then says 412).
NO_SUCH_VERSION = 0


def etag(record) -> str:
    """The strong ETag of a record: its version, quoted."""
    return f'"{record.version}"'


def expected_version(request) -> int:
    """The version named by the request's ``If-Match`` (428 when the header is missing)."""
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        raise PreconditionRequired()
    match = _ETAG.match(header)
    return int(match.group(1)) if match else NO_SUCH_VERSION


def with_etag(response, record):
    """``response`` with the record's ETag."""
    response["ETag"] = etag(record)
    return response
