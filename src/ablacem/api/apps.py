"""The API's Django app."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """Tokens (``ApiToken``), the token page and the REST API under ``/api/``."""

    name = "ablacem.api"
    label = "api"
    verbose_name = "REST API"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import schema  # noqa: F401  (registers the token scheme with drf-spectacular)
