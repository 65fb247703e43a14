"""Every API error as RFC 9457 problem details (``application/problem+json``).

``{"type", "title", "status", "detail", "errors": [{"field", "rule", "message"}]}``: ``errors``
lists each field that failed and the rule it broke, from DRF's parsing (``rule`` is DRF's error
code: ``required``, ``invalid``, ``max_value``...) or from the services' edit checks (``rule``
``edit_check``; the message is the check's sentence). Nested fields are named as the services
name them: ``treated_lesions-0-cement_ml``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from ablacem.edc.services import RecordLockedError, StaleEditError

PROBLEM_CONTENT_TYPE = "application/problem+json"
#: ``type`` URIs of the problems this API defines (others are ``about:blank``, RFC 9457 §4.2.1).
TYPE_VALIDATION = "urn:ablacem:problem:validation"
TYPE_STALE = "urn:ablacem:problem:stale-edit"
TYPE_LOCKED = "urn:ablacem:problem:record-locked"
TYPE_PRECONDITION_REQUIRED = "urn:ablacem:problem:if-match-required"

TITLES = {
    400: "The request was refused",
    401: "Authentication required",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Record locked",
    412: "Changed since read",
    415: "Unsupported media type",
    428: "If-Match required",
    429: "Too many requests",
}


class PreconditionRequired(exceptions.APIException):
    """A change of an existing record without ``If-Match`` (RFC 6585 §3)."""

    status_code = 428
    default_detail = "send If-Match with the ETag of the record you read: a change must say which version it changes"
    default_code = "if_match_required"


def flatten(detail, prefix: str = "") -> list[dict]:
    """DRF's nested error detail as a flat list of ``{field, rule, message}``."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") and not prefix else str(key)
            out += flatten(value, f"{prefix}-{name}" if prefix and name else (name or prefix))
        return out
    if isinstance(detail, list):
        if all(isinstance(d, dict) for d in detail) and detail:
            return [e for i, d in enumerate(detail) for e in flatten(d, f"{prefix}-{i}" if prefix else str(i))]
        return [e for d in detail for e in flatten(d, prefix)]
    code = getattr(detail, "code", None) or "invalid"
    return [{"field": prefix or None, "rule": str(code), "message": str(detail)}]


def _django_errors(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": None if field == "__all__" else field, "rule": "edit_check", "message": message}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [{"field": None, "rule": "edit_check", "message": m} for m in exc.messages]


def problem(status_code: int, detail: str, *, type_: str = "about:blank", errors=None, headers=None) -> Response:
    """A problem-details response."""
    body = {"type": type_, "title": TITLES.get(status_code, "Error"), "status": status_code, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    response = Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)
    return response


def exception_handler(exc, context):
    """DRF's ``EXCEPTION_HANDLER``: services' and DRF's errors as problem details."""
    if isinstance(exc, DjangoValidationError):
        errors = _django_errors(exc)
        fields = ", ".join(sorted({e["field"] for e in errors if e["field"]}))
        detail = f"the edit checks refused: {fields}" if fields else "; ".join(e["message"] for e in errors)
        return problem(400, detail, type_=TYPE_VALIDATION, errors=errors)
    if isinstance(exc, StaleEditError):
        return problem(412, str(exc), type_=TYPE_STALE, headers={"ETag": f'"{exc.current_version}"'})
    if isinstance(exc, RecordLockedError):
        return problem(409, str(exc), type_=TYPE_LOCKED)
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten(exc.detail)
        fields = ", ".join(sorted({e["field"] for e in errors if e["field"]}))
        detail = f"invalid: {fields}" if fields else "; ".join(e["message"] for e in errors)
        out = problem(response.status_code, detail, type_=TYPE_VALIDATION, errors=errors)
    else:
        detail = exc.detail if isinstance(exc.detail, str) else "; ".join(e["message"] for e in flatten(exc.detail))
        type_ = TYPE_PRECONDITION_REQUIRED if isinstance(exc, PreconditionRequired) else "about:blank"
        out = problem(response.status_code, str(detail), type_=type_)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            out[header] = response[header]
    return out


__all__ = ["PROBLEM_CONTENT_TYPE", "PreconditionRequired", "exception_handler", "problem", "status"]
