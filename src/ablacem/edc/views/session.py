"""Keeping the session alive while someone is typing into a form.

Sessions expire after ``SESSION_COOKIE_AGE`` of inactivity; a long form (a QLQ-C30 filled in
with the patient) can take longer than that without a request. The page's script calls this
only after the user has typed something, so an idle screen still times out, and a busy one
does not lose its entries to a login redirect.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, HttpResponseNotAllowed


def keep_alive(request):
    """POST: 204 for a logged-in user (the session is saved, so its expiry moves on); anonymous
    users are sent to the login page."""
    if not request.user.is_authenticated:
        return redirect_to_login("/")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    request.session.modified = True
    return HttpResponse(status=204)
