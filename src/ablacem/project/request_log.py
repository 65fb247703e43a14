"""A request id on every request and log record, and one access line per request.

:class:`RequestIdMiddleware` takes the ``X-Request-ID`` a proxy sent (when it looks like an id)
or makes one, returns it in the response header, and keeps it for the request's duration so
that :class:`RequestIdFilter` stamps it on every log record; a support request quoting the id
finds every line of that request. The access line names the method, the path without its
query string (addresses carry database keys only, never patient data, see
:mod:`ablacem.project.urls`; a query string might), the status and the duration.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid

HEADER = "X-Request-ID"
#: An incoming id is kept only when it is a short token: never text a client could use to inject.
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("ablacem_request_id", default="-")
access_log = logging.getLogger("ablacem.request")


def current_request_id() -> str:
    """The id of the request being served, or ``"-"`` outside a request."""
    return _current.get()


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``"-"`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True


class RequestIdMiddleware:
    """Sets the request id (``request.request_id`` and the response's ``X-Request-ID``) and logs access."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if _ACCEPTED.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _current.reset(token)
