"""The send log: one row per invitation or numbered reminder of a patient's visit."""

from __future__ import annotations

from django.db import models

from ablacem.edc.models import Patient
from ablacem.protocol.timepoints import TIMEPOINTS


class MessageChannel(models.TextChoices):
    """How a message reaches the patient (the ``contact_channel`` codes that send something)."""

    EMAIL = "email", "Email"
    SMS = "sms", "SMS"


class MessageStatus(models.TextChoices):
    """Where a message stands.

    ``sending``: claimed by a sender, delivery under way (or interrupted: never sent again
    automatically, since it may have gone out); ``sent``: accepted by the mail server or the SMS
    provider; ``failed``: refused, retried by later runs up to the attempt limit while the
    message is still the one due, then left for staff (the dashboard lists it).
    """

    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class MessageLog(models.Model):
    """One invitation (``number`` 0) or reminder (1, 2, ...) of a patient's visit.

    The row is created (claimed) in its own transaction before the message is sent: the unique
    constraint on (patient, timepoint, number) lets only one sender claim it, so each message
    goes out at most once whichever machines run the sender. The address it was sent to is an
    identifier: shown only to roles that see identifiers.
    """

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="epro_messages")
    timepoint = models.CharField(max_length=10, choices=[(tp.code, tp.label) for tp in TIMEPOINTS])
    number = models.PositiveSmallIntegerField(help_text="0 = invitation, 1, 2, ... = reminders")
    channel = models.CharField(max_length=5, choices=MessageChannel.choices)
    address = models.CharField(max_length=254, help_text="the email address or mobile number used (an identifier)")
    due_on = models.DateField(help_text="the day the schedule set for this message")
    status = models.CharField(max_length=8, choices=MessageStatus.choices, default=MessageStatus.SENDING)
    attempts = models.PositiveSmallIntegerField(default=1)
    error = models.TextField(blank=True, default="", help_text="the provider's error of the last failed attempt")
    claimed_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "epro"
        ordering = ["patient_id", "claimed_at", "number"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "timepoint", "number"], name="epro_one_message_per_number")
        ]

    def __str__(self) -> str:
        return f"message {self.number} of {self.timepoint} ({self.status})"

    @property
    def is_invitation(self) -> bool:
        """True for the invitation, False for a reminder."""
        return self.number == 0
