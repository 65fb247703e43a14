"""The OpenAPI document's shared parts: problem-details responses and the If-Match header."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .problems import PROBLEM_CONTENT_TYPE, TITLES

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string", "nullable": True},
                    "rule": {"type": "string"},
                    "message": {"type": "string"},
                },
                "required": ["field", "rule", "message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}


def _choices(model_name: str, field: str) -> list:
    from django.apps import apps

    return list(apps.get_model("edc", model_name)._meta.get_field(field).choices)


def qlqc30_4_point():
    """The QLQ-C30 items 1-28 answer scale (one schema enum for all of them)."""
    return _choices("Assessment", "q1")


def qlqc30_7_point():
    """The QLQ-C30 items 29-30 answer scale."""
    return _choices("Assessment", "q29")


def ae_causality():
    """The adverse events' causality scale (procedure, ablation, cement)."""
    return _choices("AdverseEvent", "relation_procedure")


_REF = {"$ref": "#/components/schemas/Problem"}
#: Problems any operation may answer, and those of changes.
_ANY = (400, 401, 403, 404, 405, 406, 429)
_CHANGES = (409, 412, 415, 428)
_IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": "The ETag of the record as read; required to change an existing record (428 without it, "
    "412 when stale).",
    "schema": {"type": "string"},
}


def add_problems(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents its problem responses, and
    every change its ``If-Match`` header and the ``ETag`` of what it answers."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            codes = _ANY + (_CHANGES if method != "get" else ())
            for code in codes:
                responses.setdefault(
                    str(code), {"description": TITLES[code], "content": {PROBLEM_CONTENT_TYPE: {"schema": _REF}}}
                )
            if method in ("put", "patch", "post", "delete"):
                operation.setdefault("parameters", []).append(_IF_MATCH)
    return result


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the schema names the token authentication (``Authorization: Bearer``)."""

    target_class = "ablacem.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "An API token from the API tokens page."}
