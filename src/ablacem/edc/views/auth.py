"""Log in and log out (Django's auth views; django-axes throttles and locks out failed logins)."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.contrib.auth import views as auth_views
from django.shortcuts import render

LOCKED_OUT_TEMPLATE = "registration/locked_out.html"


class LoginView(auth_views.LoginView):
    """The only page an anonymous user sees; a logged-in user is sent to the home page.

    A login attempt on an account that django-axes has locked is answered with the lockout
    page (429) before any password is checked. The attempt that reaches the limit is answered
    by django-axes itself, with the same page when ``AXES_LOCKOUT_TEMPLATE`` names it.
    """

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        credentials = {"username": request.POST.get("username", "")}
        if AxesProxyHandler.is_locked(request, credentials):
            context = {
                "failure_limit": get_failure_limit(request, credentials),
                "cooloff_timedelta": get_cool_off(request),
            }
            return render(request, LOCKED_OUT_TEMPLATE, context, status=429)
        return super().post(request, *args, **kwargs)


class LogoutView(auth_views.LogoutView):
    """Log out (POST only, as Django requires) and return to the login page."""
