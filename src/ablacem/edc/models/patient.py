"""The enrolled patient: enrolment, baseline characteristics and end of study (tidy ``patients``)."""

from __future__ import annotations

from django.db import models

from ablacem.protocol import codelists as cl

from ._choices import int_choices, max_len, str_choices
from .base import ClinicalRecord

#: What the enrolment form records (the end of study is recorded on its own form).
PATIENT_FIELDS = ("eligibility_confirmed", "enrolled_on", "age", "sex", "ecog", "diagnosis", "primary_tumour")


class Patient(ClinicalRecord):
    """One enrolled patient; ``study_id`` is assigned by the system (``ABL-001``).

    Field names match the columns of the tidy ``patients`` table (``study_id`` is its
    ``patient_id``); identifying data live apart in :class:`PatientIdentity`.
    """

    study_id = models.CharField("Study ID", max_length=20, unique=True)
    eligibility_confirmed = models.BooleanField("Eligibility confirmed", default=False)
    enrolled_on = models.DateField("Date of enrolment (consent)")
    age = models.PositiveSmallIntegerField("Age at enrolment")
    sex = models.CharField(max_length=1, choices=str_choices(cl.SEX))
    ecog = models.PositiveSmallIntegerField("ECOG performance status", choices=int_choices(cl.ECOG))
    diagnosis = models.CharField(max_length=max_len(cl.DIAGNOSIS), choices=str_choices(cl.DIAGNOSIS))
    primary_tumour = models.CharField(
        "Primary tumour (or benign lesion type)",
        max_length=max_len(cl.PRIMARY_TUMOUR),
        choices=str_choices(cl.PRIMARY_TUMOUR),
    )
    end_reason = models.CharField(
        "End of study", max_length=max_len(cl.END_REASON), choices=str_choices(cl.END_REASON), blank=True, default=""
    )
    end_date = models.DateField("End of study date", null=True, blank=True)
    death_date = models.DateField("Date of death", null=True, blank=True)

    patient_lookup = "pk"

    class Meta:
        ordering = ["study_id"]

    def __str__(self) -> str:
        return self.study_id

    @property
    def has_ended(self) -> bool:
        """True once the end of study (completed, died, withdrew, lost) is recorded."""
        return bool(self.end_reason)
