"""Error pages that explain what happened without echoing anything from the request.

Neither page shows the requested path or any patient data; the 403 page gives the reason
raised by :mod:`ablacem.edc.views._access` (which never names a patient).
"""

from __future__ import annotations

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def permission_denied(request, exception=None):
    """403: the reason the role may not open the page or do the action."""
    reason = str(exception) if exception and str(exception) else "Your role does not allow this."
    return render(request, "403.html", {"reason": reason}, status=403)


def not_found(request, exception=None):
    """404: the page or record does not exist (the address is not echoed back)."""
    return render(request, "404.html", status=404)


def server_error(request):
    """500: something failed on the server; nothing of the request is shown.

    Rendered without the request context, so it works even when the database is down.
    """
    return HttpResponseServerError(loader.get_template("500.html").render())


def bad_request(request, exception=None):
    """400: the request could not be understood (for example a form sent twice after expiry)."""
    return render(request, "400.html", status=400)
