"""The procedure session and its treated lesions (tidy ``procedures``: one row per treated lesion)."""

from __future__ import annotations

from django.db import models

from ablacem.dataset.schema import PROCEDURES

from ._columns import column_field
from .base import ClinicalRecord
from .lesion import Lesion
from .patient import Patient

#: Session-level fields of :class:`Procedure` (the same for every treated lesion of a patient).
SESSION_FIELDS = ("procedure_date", "guidance", "anaesthesia", "duration_minutes", "length_of_stay_days")
#: Fields of :class:`ProcedureLesion` that differ per treated lesion (tidy ``procedures`` columns).
TREATED_FIELDS = (
    "modality",
    "n_probes",
    "ablation_minutes",
    "cement_ml",
    "cement_leakage",
    "leakage_type",
    "leakage_symptomatic",
    "technical_success",
)
#: ``Procedure.treated_lesions``; also the prefix of per-lesion form fields and error keys
#: (``treated_lesions-<i>-<field>``, Django formset style).
TREATED_PREFIX = "treated_lesions"


class Procedure(ClinicalRecord):
    """The single ablation + cementoplasty session of a patient (day 0 of the schedule).

    Session-level facts live here; what differs per lesion (modality, probes, cement,
    leakage, technical success) lives in :class:`ProcedureLesion`.
    """

    patient = models.OneToOneField(Patient, on_delete=models.PROTECT, related_name="procedure")
    procedure_date = column_field(PROCEDURES, "procedure_date")
    guidance = column_field(PROCEDURES, "guidance")
    anaesthesia = column_field(PROCEDURES, "anaesthesia")
    duration_minutes = column_field(
        PROCEDURES, "duration_minutes", field_class=models.PositiveIntegerField, null=True, blank=True
    )
    length_of_stay_days = column_field(
        PROCEDURES, "length_of_stay_days", field_class=models.PositiveIntegerField, null=True, blank=True
    )

    def __str__(self) -> str:
        return f"procedure of {self.patient.study_id} on {self.procedure_date:%Y-%m-%d}"


class ProcedureLesion(ClinicalRecord):
    """One treated lesion of the session (``session``); ``procedure_id`` is the tidy ``procedures`` key."""

    procedure_id = column_field(PROCEDURES, "procedure_id", unique=True)
    session = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name=TREATED_PREFIX)
    lesion = models.ForeignKey(Lesion, on_delete=models.PROTECT, related_name="treatments")
    modality = column_field(PROCEDURES, "modality")
    n_probes = column_field(PROCEDURES, "n_probes", null=True, blank=True)
    ablation_minutes = column_field(PROCEDURES, "ablation_minutes", null=True, blank=True)
    cement_ml = column_field(PROCEDURES, "cement_ml", null=True, blank=True)
    cement_leakage = column_field(PROCEDURES, "cement_leakage", default=False)
    leakage_type = column_field(PROCEDURES, "leakage_type", blank=True, default="")
    leakage_symptomatic = column_field(PROCEDURES, "leakage_symptomatic", null=True, blank=True)
    technical_success = column_field(PROCEDURES, "technical_success")

    patient_lookup = "session__patient"

    class Meta:
        ordering = ["procedure_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesion"], condition=models.Q(is_deleted=False), name="edc_one_treatment_per_lesion"
            )
        ]

    def __str__(self) -> str:
        return self.procedure_id
