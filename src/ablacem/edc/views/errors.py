"""Error pages that explain what happened without echoing anything from the request.

No page shows the requested path or any patient data; the 403 page gives the reason raised
by :mod:`ablacem.edc.views._access` (which never names a patient), and a database still busy
after the busy timeout gets the "busy, try again" page (503) instead of the server error page.
"""

from __future__ import annotations

import sys

from django.db import OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

#: Seconds a browser (or script) is told to wait before trying again when the database is busy.
BUSY_RETRY_AFTER_SECONDS = 5


def permission_denied(request, exception=None):
    """403: the reason the role may not open the page or do the action."""
    reason = str(exception) if exception and str(exception) else "Your role does not allow this."
    return render(request, "403.html", {"reason": reason}, status=403)


def not_found(request, exception=None):
    """404: the page or record does not exist (the address is not echoed back)."""
    return render(request, "404.html", status=404)


def server_error(request):
    """500: something failed on the server; nothing of the request is shown.

    Rendered without the request context, so it works even when the database is down. A
    database that stayed busy (SQLite's "database is locked", raised by the view or by the
    session saved after it) is no server error: it gets the "busy, try again" page (503).
    """
    if _database_busy(sys.exc_info()[1]):
        return service_busy(request)
    return HttpResponseServerError(loader.get_template("500.html").render())


def bad_request(request, exception=None):
    """400: the request could not be understood (for example a form sent twice after expiry)."""
    return render(request, "400.html", status=400)


def _database_busy(exc: BaseException | None) -> bool:
    """SQLite's "database is locked" / "database table is locked": another save holds the lock."""
    return isinstance(exc, OperationalError) and "locked" in str(exc).lower()


def service_busy(request=None):
    """503: the database stayed busy with another save longer than the busy timeout.

    Nothing was saved; the page says so and asks to try again. Rendered without the request
    context (the session itself may be what could not be written).
    """
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
    return response
