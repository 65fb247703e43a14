"""The enrolled patient: enrolment, baseline characteristics and end of study (tidy ``patients``)."""

from __future__ import annotations

from django.db import models

from ablacem.dataset.schema import PATIENTS

from ._columns import column_field
from .base import ClinicalRecord
from .site import Site

#: What the enrolment form records (the end of study is recorded on its own form).
PATIENT_FIELDS = ("eligibility_confirmed", "enrolled_on", "age", "sex", "ecog", "diagnosis", "primary_tumour")


class Patient(ClinicalRecord):
    """One enrolled patient; ``study_id`` is assigned by the system (``ABL-001``, ``TOR-001``).

    ``site`` is the site that owns the patient (tidy ``patients.site``); a patient saved
    without one belongs to the default site (:func:`ablacem.edc.sites.default_site`). It is
    nullable only so that the history rows written before sites existed keep their hashes.

    Field names match the columns of the tidy ``patients`` table (``study_id`` is its
    ``patient_id``); identifying data live apart in :class:`PatientIdentity`.
    """

    study_id = column_field(PATIENTS, "patient_id", unique=True)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="patients")
    eligibility_confirmed = models.BooleanField("Eligibility confirmed", default=False)
    enrolled_on = column_field(PATIENTS, "enrolled_on")
    age = column_field(PATIENTS, "age")
    sex = column_field(PATIENTS, "sex", max_length=1)
    ecog = column_field(PATIENTS, "ecog")
    diagnosis = column_field(PATIENTS, "diagnosis")
    primary_tumour = column_field(PATIENTS, "primary_tumour")
    end_reason = column_field(PATIENTS, "end_reason", blank=True, default="")
    end_date = column_field(PATIENTS, "end_date", null=True, blank=True)
    death_date = column_field(PATIENTS, "death_date", null=True, blank=True)

    patient_lookup = "pk"

    class Meta:
        ordering = ["study_id"]
        # The patient list: active patients in study ID order, a page at a time.
        indexes = [models.Index(fields=["is_deleted", "study_id"], name="edc_patient_active_study_id")]

    def __str__(self) -> str:
        return self.study_id

    def save(self, *args, **kwargs):
        if self.site_id is None:
            from ..sites import default_site

            self.site = default_site()
        super().save(*args, **kwargs)

    @property
    def has_ended(self) -> bool:
        """True once the end of study (completed, died, withdrew, lost) is recorded."""
        return bool(self.end_reason)
