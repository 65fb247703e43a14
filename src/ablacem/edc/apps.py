"""Django app configuration of the EDC."""

from django.apps import AppConfig


class EdcConfig(AppConfig):
    """The ``ablacem.edc`` app; its models live under the ``edc`` label."""

    name = "ablacem.edc"
    label = "edc"
    verbose_name = "Electronic data capture"
    default_auto_field = "django.db.models.BigAutoField"
