"""Scheduled assessments (tidy ``assessments``) and their analgesic rows (tidy ``analgesics``)."""

from __future__ import annotations

from django.db import models

from ablacem.dataset.schema import ANALGESICS, ASSESSMENTS
from ablacem.protocol import codelists as cl
from ablacem.protocol import ranges as rg
from ablacem.protocol.ranges import QLQC30_ITEMS

from ._columns import column_field
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
    ``source`` says who entered the answers (``assessment_source``: staff, or the patient
    through the ePRO questionnaire with ``reported_at`` and ``channel``); ``staff_corrected``
    flags a patient's report that staff later changed (with a reason, kept in the history).
    """

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="assessments")
    timepoint = column_field(ASSESSMENTS, "timepoint")
    status = column_field(ASSESSMENTS, "status")
    assessed_on = column_field(ASSESSMENTS, "assessed_on", null=True, blank=True)
    not_done_reason = models.CharField(
        "Why the visit was not done", max_length=rg.REASON_MAX_CHARS, blank=True, default=""
    )
    out_of_window_reason = models.CharField(
        "Why outside the window", max_length=rg.REASON_MAX_CHARS, blank=True, default=""
    )
    vas_worst = column_field(ASSESSMENTS, "vas_worst", null=True, blank=True)
    vas_average = column_field(ASSESSMENTS, "vas_average", null=True, blank=True)
    q1 = column_field(ASSESSMENTS, "q1", null=True, blank=True)
    q2 = column_field(ASSESSMENTS, "q2", null=True, blank=True)
    q3 = column_field(ASSESSMENTS, "q3", null=True, blank=True)
    q4 = column_field(ASSESSMENTS, "q4", null=True, blank=True)
    q5 = column_field(ASSESSMENTS, "q5", null=True, blank=True)
    q6 = column_field(ASSESSMENTS, "q6", null=True, blank=True)
    q7 = column_field(ASSESSMENTS, "q7", null=True, blank=True)
    q8 = column_field(ASSESSMENTS, "q8", null=True, blank=True)
    q9 = column_field(ASSESSMENTS, "q9", null=True, blank=True)
    q10 = column_field(ASSESSMENTS, "q10", null=True, blank=True)
    q11 = column_field(ASSESSMENTS, "q11", null=True, blank=True)
    q12 = column_field(ASSESSMENTS, "q12", null=True, blank=True)
    q13 = column_field(ASSESSMENTS, "q13", null=True, blank=True)
    q14 = column_field(ASSESSMENTS, "q14", null=True, blank=True)
    q15 = column_field(ASSESSMENTS, "q15", null=True, blank=True)
    q16 = column_field(ASSESSMENTS, "q16", null=True, blank=True)
    q17 = column_field(ASSESSMENTS, "q17", null=True, blank=True)
    q18 = column_field(ASSESSMENTS, "q18", null=True, blank=True)
    q19 = column_field(ASSESSMENTS, "q19", null=True, blank=True)
    q20 = column_field(ASSESSMENTS, "q20", null=True, blank=True)
    q21 = column_field(ASSESSMENTS, "q21", null=True, blank=True)
    q22 = column_field(ASSESSMENTS, "q22", null=True, blank=True)
    q23 = column_field(ASSESSMENTS, "q23", null=True, blank=True)
    q24 = column_field(ASSESSMENTS, "q24", null=True, blank=True)
    q25 = column_field(ASSESSMENTS, "q25", null=True, blank=True)
    q26 = column_field(ASSESSMENTS, "q26", null=True, blank=True)
    q27 = column_field(ASSESSMENTS, "q27", null=True, blank=True)
    q28 = column_field(ASSESSMENTS, "q28", null=True, blank=True)
    q29 = column_field(ASSESSMENTS, "q29", null=True, blank=True)
    q30 = column_field(ASSESSMENTS, "q30", null=True, blank=True)
    qlqc30_missing_reason = column_field(ASSESSMENTS, "qlqc30_missing_reason", blank=True, default="")
    source = column_field(ASSESSMENTS, "source", default=cl.SOURCE_STAFF)
    #: When the patient submitted the answers (ePRO; None for staff entry).
    reported_at = models.DateTimeField("Reported by the patient at", null=True, blank=True)
    #: How the patient's answers came (``assessment_channel``): their link or a clinic tablet.
    channel = models.CharField(
        "How the patient answered", max_length=10, blank=True, default="", choices=cl.ASSESSMENT_CHANNEL.choices
    )
    #: Set when staff change answers the patient reported (the original stays in the history).
    staff_corrected = models.BooleanField("Corrected by staff", default=False)

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
    drug = column_field(ANALGESICS, "drug")
    route = column_field(ANALGESICS, "route")
    dose = column_field(ANALGESICS, "dose")
    unit = column_field(ANALGESICS, "unit")
    per_day = column_field(ANALGESICS, "per_day")

    patient_lookup = "assessment__patient"

    class Meta:
        ordering = ["assessment_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.drug} {self.dose:g} {self.unit} {self.route} x{self.per_day:g}/day"
