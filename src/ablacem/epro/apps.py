"""Django app configuration of the patient-reported outcomes (ePRO) app."""

from django.apps import AppConfig


class EproConfig(AppConfig):
    """The ``ablacem.epro`` app; its models live under the ``epro`` label."""

    name = "ablacem.epro"
    label = "epro"
    verbose_name = "Patient-reported outcomes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .log_filter import install

        install()
