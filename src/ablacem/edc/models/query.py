"""Queries (data clarification): a question on one form or one field, and its append-only thread."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .base import ClinicalQuerySet
from .history import ActorHistory
from .patient import Patient


class QueryState(models.TextChoices):
    """Where a query stands: open (the site must answer), answered (the opener must close or
    re-open it), closed."""

    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"
    CLOSED = "closed", "Closed"


class QueryQuerySet(ClinicalQuerySet):
    """Queries are never deleted either; ``visible_to`` as for clinical records."""

    def unresolved(self):
        """Queries not closed (open or answered): they block signing the casebook."""
        return self.exclude(state=QueryState.CLOSED)


class Query(models.Model):
    """A question on one form (``field_name`` blank) or one field of one form of a patient.

    Attributes
    ----------
    form, record_pk, field_name
        The form kind (:data:`ablacem.edc.form_kinds.FORM_KINDS`), its record's key and the field.
    question : str
        What the opener asks.
    state : str
        A :class:`QueryState`.
    opened_by, opener_role
        Who opened it and with which role: once answered, it is theirs to close or re-open.
    check_key : str
        Set when raised from an edit-check problem: the problem's key; the query closes itself
        once that problem is gone.
    """

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="queries")
    form = models.CharField(max_length=20)
    record_pk = models.PositiveIntegerField()
    field_name = models.CharField(max_length=60, blank=True, default="")
    question = models.TextField()
    state = models.CharField(max_length=10, choices=QueryState.choices, default=QueryState.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opener_role = models.CharField(max_length=20)
    check_key = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(bases=[ActorHistory])
    objects = QueryQuerySet.as_manager()
    patient_lookup = "patient"

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "queries"
        # What the query list filters and sorts on, and the form pages' look-up of a record's queries.
        indexes = [
            models.Index(fields=["state", "created_at"], name="edc_query_state_created"),
            models.Index(fields=["form", "record_pk"], name="edc_query_form_record"),
        ]

    def __str__(self) -> str:
        return f"query {self.pk}"

    def delete(self, *args, **kwargs):
        """Refused: a query stays in the trial master file; close it instead."""
        raise PermissionError("queries are never deleted; close them")


class MessageKind(models.TextChoices):
    """What a message of a query's thread does."""

    QUESTION = "question", "Question"
    ANSWER = "answer", "Answer"
    CLOSE = "close", "Closed"
    REOPEN = "reopen", "Re-opened"
    AUTO_CLOSE = "auto_close", "Closed by the edit check"


class QueryMessage(models.Model):
    """One message of a query's thread; written once, never edited or deleted.

    An answer that changed the value links to that change: ``record_version`` is the version
    the record reached with it (its row in the audit trail) and ``change`` says what changed.
    """

    query = models.ForeignKey(Query, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(max_length=12, choices=MessageKind.choices)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    author_label = models.CharField(max_length=150)
    record_version = models.PositiveIntegerField(null=True, blank=True)
    change = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(bases=[ActorHistory])
    patient_lookup = "query__patient"

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on query {self.query_id}"

    def save(self, *args, **kwargs):
        """Write the message once; a second save (an edit) is refused."""
        if self.pk is not None:
            raise PermissionError("a query's messages are never edited; add a new one")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Refused: the thread is append-only."""
        raise PermissionError("a query's messages are never deleted")
