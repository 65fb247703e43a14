"""Django app configuration of the EDC."""

from django.apps import AppConfig


class EdcConfig(AppConfig):
    """The ``ablacem.edc`` app; its models live under the ``edc`` label."""

    name = "ablacem.edc"
    label = "edc"
    verbose_name = "Electronic data capture"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Connect the audit chain and the audit-event receivers (logins, password changes)."""
        from .audit_receivers import connect_audit_receivers
        from .services.audit_chain import connect_audit_chain

        connect_audit_chain()
        connect_audit_receivers()
