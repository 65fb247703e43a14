"""The procedure session and its treated lesions (tidy ``procedures``: one row per treated lesion)."""

from __future__ import annotations

from django.db import models

from ablacem.protocol import codelists as cl

from ._choices import max_len, str_choices
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
    procedure_date = models.DateField("Procedure date (day 0)")
    guidance = models.CharField(max_length=max_len(cl.GUIDANCE), choices=str_choices(cl.GUIDANCE))
    anaesthesia = models.CharField(max_length=max_len(cl.ANAESTHESIA), choices=str_choices(cl.ANAESTHESIA))
    duration_minutes = models.PositiveIntegerField("Session duration (min)", null=True, blank=True)
    length_of_stay_days = models.PositiveIntegerField("Length of hospital stay (days)", null=True, blank=True)

    def __str__(self) -> str:
        return f"procedure of {self.patient.study_id} on {self.procedure_date:%Y-%m-%d}"


class ProcedureLesion(ClinicalRecord):
    """One treated lesion of the session (``session``); ``procedure_id`` is the tidy ``procedures`` key."""

    procedure_id = models.CharField("Procedure ID", max_length=30, unique=True)
    session = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name=TREATED_PREFIX)
    lesion = models.ForeignKey(Lesion, on_delete=models.PROTECT, related_name="treatments")
    modality = models.CharField(max_length=max_len(cl.MODALITY), choices=str_choices(cl.MODALITY))
    n_probes = models.PositiveSmallIntegerField("Number of probes", null=True, blank=True)
    ablation_minutes = models.FloatField("Ablation time (min)", null=True, blank=True)
    cement_ml = models.FloatField("Cement volume (mL)", null=True, blank=True)
    cement_leakage = models.BooleanField("Cement leakage on imaging", default=False)
    leakage_type = models.CharField(
        max_length=max_len(cl.LEAKAGE_TYPE), choices=str_choices(cl.LEAKAGE_TYPE), blank=True, default=""
    )
    leakage_symptomatic = models.BooleanField(null=True, blank=True)
    technical_success = models.BooleanField("Technical success")

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
