"""URL map of the Django project: the EDC's pages, the REST API (``/api/``), log in/out, and the error handlers.

Addresses carry database keys only (never study IDs, names or other patient data), so
server logs and browser histories hold nothing that identifies a patient.
"""

from django.urls import include, path

from ablacem.api import urls as api_urls
from ablacem.api.views.token_page import api_tokens
from ablacem.edc.views import auth, second_factor, session

from . import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("login/code/", second_factor.verify, name="second_factor_verify"),
    path("account/authenticator/", second_factor.enrol, name="second_factor_enrol"),
    path("session/keep-alive/", session.keep_alive, name="keep_alive"),
    path("account/api-tokens/", api_tokens, name="api_tokens"),
    path("api/v1/", include(api_urls.v1)),
    path("api/", include(api_urls.urlpatterns)),
    path("", include("ablacem.epro.urls")),
    path("", include("ablacem.epro.messaging.urls")),
    path("", include("ablacem.edc.urls")),
]

handler400 = "ablacem.edc.views.errors.bad_request"
handler403 = "ablacem.edc.views.errors.permission_denied"
handler404 = "ablacem.edc.views.errors.not_found"
handler500 = "ablacem.edc.views.errors.server_error"
