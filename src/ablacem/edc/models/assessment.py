"""Scheduled assessments (tidy ``assessments``) and their analgesic rows (tidy ``analgesics``)."""

from __future__ import annotations

from django.db import models

from ablacem.protocol import codelists as cl
from ablacem.protocol.ranges import QLQC30_ITEMS

from ._choices import max_len, str_choices
from .base import ClinicalRecord
from .patient import Patient

#: What a done visit records (all cleared when the visit is marked not done).
VISIT_VALUE_FIELDS = (
    "assessed_on",
    "out_of_window_reason",
    "vas_worst",
    "vas_average",
    *QLQC30_ITEMS,
    "qlqc30_missing_reason",
)
#: Text fields of a visit: cleared to "" (never None) when the visit is marked not done.
VISIT_TEXT_FIELDS = ("out_of_window_reason", "qlqc30_missing_reason")
#: One analgesic line, as entered (tidy ``analgesics`` columns).
ANALGESIC_FIELDS = ("drug", "route", "dose", "unit", "per_day")
#: ``Assessment.analgesics``; also the prefix of the analgesic formset and its error keys
#: (``analgesics-<i>-<field>``, Django formset style).
ANALGESICS_PREFIX = "analgesics"


class Assessment(ClinicalRecord):
    """One patient x timepoint visit: status, date, VAS pain, QLQ-C30 items q1..q30.

    ``status`` uses the ``assessment_status`` code list (``done``, ``missed``, ``died``,
    ``withdrawn``; ``not_due`` only in rows of older imports: a visit with nothing recorded has
    no row, its state is derived by :func:`ablacem.protocol.windows.visit_state`); a visit not
    done carries ``not_done_reason``, a visit outside its window ``out_of_window_reason``.
    """

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="assessments")
    timepoint = models.CharField(max_length=max_len(cl.TIMEPOINT), choices=str_choices(cl.TIMEPOINT))
    status = models.CharField(max_length=max_len(cl.ASSESSMENT_STATUS), choices=str_choices(cl.ASSESSMENT_STATUS))
    assessed_on = models.DateField("Assessment date", null=True, blank=True)
    not_done_reason = models.CharField("Why the visit was not done", max_length=500, blank=True, default="")
    out_of_window_reason = models.CharField("Why outside the window", max_length=500, blank=True, default="")
    vas_worst = models.FloatField("Worst pain, last 24 h (VAS 0-10)", null=True, blank=True)
    vas_average = models.FloatField("Average pain, last 24 h (VAS 0-10)", null=True, blank=True)
    # QLQ-C30 items 1-28 take 1-4, items 29-30 take 1-7 (ranges in ablacem.protocol.ranges).
    q1 = models.PositiveSmallIntegerField("QLQ-C30 item 1", null=True, blank=True)
    q2 = models.PositiveSmallIntegerField("QLQ-C30 item 2", null=True, blank=True)
    q3 = models.PositiveSmallIntegerField("QLQ-C30 item 3", null=True, blank=True)
    q4 = models.PositiveSmallIntegerField("QLQ-C30 item 4", null=True, blank=True)
    q5 = models.PositiveSmallIntegerField("QLQ-C30 item 5", null=True, blank=True)
    q6 = models.PositiveSmallIntegerField("QLQ-C30 item 6", null=True, blank=True)
    q7 = models.PositiveSmallIntegerField("QLQ-C30 item 7", null=True, blank=True)
    q8 = models.PositiveSmallIntegerField("QLQ-C30 item 8", null=True, blank=True)
    q9 = models.PositiveSmallIntegerField("QLQ-C30 item 9", null=True, blank=True)
    q10 = models.PositiveSmallIntegerField("QLQ-C30 item 10", null=True, blank=True)
    q11 = models.PositiveSmallIntegerField("QLQ-C30 item 11", null=True, blank=True)
    q12 = models.PositiveSmallIntegerField("QLQ-C30 item 12", null=True, blank=True)
    q13 = models.PositiveSmallIntegerField("QLQ-C30 item 13", null=True, blank=True)
    q14 = models.PositiveSmallIntegerField("QLQ-C30 item 14", null=True, blank=True)
    q15 = models.PositiveSmallIntegerField("QLQ-C30 item 15", null=True, blank=True)
    q16 = models.PositiveSmallIntegerField("QLQ-C30 item 16", null=True, blank=True)
    q17 = models.PositiveSmallIntegerField("QLQ-C30 item 17", null=True, blank=True)
    q18 = models.PositiveSmallIntegerField("QLQ-C30 item 18", null=True, blank=True)
    q19 = models.PositiveSmallIntegerField("QLQ-C30 item 19", null=True, blank=True)
    q20 = models.PositiveSmallIntegerField("QLQ-C30 item 20", null=True, blank=True)
    q21 = models.PositiveSmallIntegerField("QLQ-C30 item 21", null=True, blank=True)
    q22 = models.PositiveSmallIntegerField("QLQ-C30 item 22", null=True, blank=True)
    q23 = models.PositiveSmallIntegerField("QLQ-C30 item 23", null=True, blank=True)
    q24 = models.PositiveSmallIntegerField("QLQ-C30 item 24", null=True, blank=True)
    q25 = models.PositiveSmallIntegerField("QLQ-C30 item 25", null=True, blank=True)
    q26 = models.PositiveSmallIntegerField("QLQ-C30 item 26", null=True, blank=True)
    q27 = models.PositiveSmallIntegerField("QLQ-C30 item 27", null=True, blank=True)
    q28 = models.PositiveSmallIntegerField("QLQ-C30 item 28", null=True, blank=True)
    q29 = models.PositiveSmallIntegerField("QLQ-C30 item 29", null=True, blank=True)
    q30 = models.PositiveSmallIntegerField("QLQ-C30 item 30", null=True, blank=True)
    qlqc30_missing_reason = models.CharField(
        "Why QLQ-C30 items are unanswered",
        max_length=max_len(cl.QLQC30_MISSING_REASON),
        choices=str_choices(cl.QLQC30_MISSING_REASON),
        blank=True,
        default="",
    )

    class Meta:
        ordering = ["patient__study_id", "timepoint"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "timepoint"],
                condition=models.Q(is_deleted=False),
                name="edc_one_visit_per_timepoint",
            )
        ]

    def __str__(self) -> str:
        return f"{self.patient.study_id} {self.timepoint}"


class Analgesic(ClinicalRecord):
    """One analgesic taken at an assessment (drug, route, dose, unit, administrations per day)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name=ANALGESICS_PREFIX)
    position = models.PositiveSmallIntegerField(default=0, help_text="order within the visit")
    drug = models.CharField(max_length=max_len(cl.ANALGESIC_DRUG), choices=str_choices(cl.ANALGESIC_DRUG))
    route = models.CharField(max_length=max_len(cl.ROUTE), choices=str_choices(cl.ROUTE))
    dose = models.FloatField("Dose per administration")
    unit = models.CharField(max_length=max_len(cl.DOSE_UNIT), choices=str_choices(cl.DOSE_UNIT))
    per_day = models.FloatField("Administrations per day")

    patient_lookup = "assessment__patient"

    class Meta:
        ordering = ["assessment_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.drug} {self.dose:g} {self.unit} {self.route} x{self.per_day:g}/day"
