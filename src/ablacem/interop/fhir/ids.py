"""Deterministic ids: the same patient and record give the same ``urn:uuid`` in every export.

UUID version 5 (RFC 9562, section 5.5: SHA-1 of a namespace and a name) over the resource type
and the record's key, so two exports of the same dataset are byte-identical and a receiver
can tell a re-sent resource from a new one. De-identified bundles are built from pseudonymised
keys, so their UUIDs carry no study ID.
"""

from __future__ import annotations

import uuid

from .codes import BASE

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE)


def record_uuid(resource_type: str, *key: object) -> str:
    """The UUID (text) of one resource: ``resource_type`` and the parts of its record's key."""
    return str(uuid.uuid5(NAMESPACE, "/".join([resource_type, *(str(k) for k in key)])))


def full_url(resource_type: str, *key: object) -> str:
    """``urn:uuid:<uuid>`` of one resource, its ``fullUrl`` in a transaction Bundle."""
    return f"urn:uuid:{record_uuid(resource_type, *key)}"
