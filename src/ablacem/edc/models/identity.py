"""Identifying data, stored apart from the clinical tables (tidy ``identifiers``)."""

from __future__ import annotations

from django.db import models

from ablacem.dataset.schema import IDENTIFIERS
from ablacem.protocol import codelists as cl

from ._columns import column_field
from .base import ClinicalRecord
from .patient import Patient

#: The identifying data a user enters (``date_shift_days`` is the system's).
IDENTITY_FIELDS = ("name", "hospital_number", "birth_date", "language")
#: How to reach the patient with questionnaire invitations and reminders (identifiers too).
CONTACT_FIELDS = ("email", "mobile", "contact_channel", "contact_consent")


class PatientIdentity(ClinicalRecord):
    """Name, hospital number, birth date, language of the patient's pages and contact details, all optional.

    Its own table so that clinical queries never touch it; shown only to roles with
    ``view_identifiers``. ``date_shift_days`` is a secret per-patient offset applied to every
    date of that patient in date-shifted de-identified exports.
    """

    patient = models.OneToOneField(Patient, on_delete=models.PROTECT, related_name="identity")
    name = column_field(IDENTIFIERS, "name", blank=True, default="")
    hospital_number = column_field(IDENTIFIERS, "hospital_number", blank=True, default="")
    birth_date = column_field(IDENTIFIERS, "birth_date", null=True, blank=True)
    language = column_field(IDENTIFIERS, "language", max_length=5, blank=True, default="")
    email = column_field(IDENTIFIERS, "email", blank=True, default="")
    mobile = column_field(IDENTIFIERS, "mobile", blank=True, default="")
    contact_channel = column_field(IDENTIFIERS, "contact_channel", blank=True, default=cl.CONTACT_NONE)
    contact_consent = column_field(IDENTIFIERS, "contact_consent", default=False)
    date_shift_days = models.SmallIntegerField(
        "Date shift for de-identified exports (days)", help_text="secret; never shown or exported"
    )

    def __str__(self) -> str:
        return f"identity of {self.patient.study_id}"
