"""Log in and log out (Django's auth views; django-axes throttles and locks out failed logins)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views


class LoginView(auth_views.LoginView):
    """The only page an anonymous user sees; a logged-in user is sent to the home page.

    Lockout after repeated failures is answered by django-axes with ``registration/locked_out.html``
    (setting ``AXES_LOCKOUT_TEMPLATE``).
    """

    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Log out (POST only, as Django requires) and return to the login page."""
