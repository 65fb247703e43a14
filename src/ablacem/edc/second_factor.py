"""Login's second step: a user with an authenticator enters its code before anything else, and a
user who must have one (``ABLACEM_REQUIRE_SECOND_FACTOR``) enrols it first.

Runs after django-otp's ``OTPMiddleware`` (which gives ``request.user.is_verified()``). Until
then only the second-factor pages, logging out and static files answer.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .selectors.second_factor import has_second_factor, second_factor_required

#: Session key: this session's user has no authenticator (saves a query per request).
NO_DEVICE = "ablacem_no_second_factor"


def _exempt(path: str) -> bool:
    open_paths = (
        reverse("second_factor_verify"),
        reverse("second_factor_enrol"),
        reverse("logout"),
        reverse("login"),
        settings.STATIC_URL,
    )
    return path.startswith(open_paths)


class SecondFactorMiddleware:
    """Send an authenticated but unverified user to the code page, or to enrolment when required."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or _exempt(request.path):
            return self.get_response(request)
        if getattr(user, "is_verified", lambda: False)():
            return self.get_response(request)
        if request.session.get(NO_DEVICE) != user.pk:
            if has_second_factor(user):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('second_factor_verify')}?{query}")
            request.session[NO_DEVICE] = user.pk
        if second_factor_required(user):
            return redirect("second_factor_enrol")
        return self.get_response(request)
