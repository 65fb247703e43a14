"""The forms of a casebook as queries and source data verification name them.

A query or a verification points at one form of one patient: its kind (``visit``,
``adverse_event``, ...), the database key of its record and, optionally, one field. The kinds
are listed once here: the model behind each, the fields it shows, how the page names it and the
page it is entered on. Sub-rows (a visit's analgesics, a session's treated lesions) belong to
their parent form: a change to one is a change of that form.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from .models import (
    AdverseEvent,
    Analgesic,
    Assessment,
    Imaging,
    Lesion,
    Patient,
    Procedure,
    ProcedureLesion,
)
from .models.patient import PATIENT_FIELDS

#: Fields every clinical record has that are bookkeeping, not data (never queried or verified).
BOOKKEEPING = frozenset(
    {"id", "version", "form_state", "state_before_lock", "is_deleted", "created_at", "updated_at", "patient"}
)


def _data_fields(model, *, exclude=()) -> tuple[str, ...]:
    return tuple(f.name for f in model._meta.concrete_fields if f.name not in BOOKKEEPING and f.name not in exclude)


@dataclass(frozen=True)
class FormKind:
    """One kind of form: its code, label, model and data fields."""

    code: str
    label: str
    model: type
    fields: tuple[str, ...]

    def record_label(self, record) -> str:
        """How the page names one record of this kind ("1 month visit", "Adverse event ABL-001-AE1")."""
        if self.model is Assessment:
            from ablacem.protocol import get_timepoint

            return f"{get_timepoint(record.timepoint).label} visit"
        if self.model is Patient:
            return self.label
        return f"{self.label} {record}"

    def url(self, record) -> str:
        """The page the record is entered on."""
        patient_pk = record.pk if self.model is Patient else record.patient_id
        if self.code == ENROLMENT:
            return reverse("edc:patient_edit", args=[patient_pk])
        if self.code == END_OF_STUDY:
            return reverse("edc:end_of_study", args=[patient_pk])
        if self.model is Lesion:
            return reverse("edc:lesion_edit", args=[patient_pk, record.pk])
        if self.model is Procedure:
            return reverse("edc:procedure_edit", args=[patient_pk])
        if self.model is Assessment:
            return reverse("edc:visit_edit", args=[patient_pk, record.timepoint])
        if self.model is Imaging:
            return reverse("edc:imaging_edit", args=[record.lesion.patient_id, record.lesion_id, record.timepoint])
        return reverse("edc:ae_edit", args=[patient_pk, record.pk])

    def patient_of(self, record) -> Patient:
        """The patient the record belongs to."""
        if self.model is Patient:
            return record
        if self.model is Imaging:
            return record.lesion.patient
        return record.patient


ENROLMENT, END_OF_STUDY, LESION, PROCEDURE, VISIT, IMAGING, ADVERSE_EVENT = (
    "enrolment",
    "end_of_study",
    "lesion",
    "procedure",
    "visit",
    "imaging",
    "adverse_event",
)

#: Every kind of form, in casebook order.
FORM_KINDS: dict[str, FormKind] = {
    k.code: k
    for k in (
        FormKind(ENROLMENT, "Enrolment", Patient, PATIENT_FIELDS),
        FormKind(END_OF_STUDY, "End of study", Patient, ("end_reason", "end_date", "death_date")),
        FormKind(LESION, "Lesion", Lesion, _data_fields(Lesion, exclude=("lesion_id",))),
        FormKind(PROCEDURE, "Procedure", Procedure, _data_fields(Procedure)),
        FormKind(VISIT, "Visit", Assessment, _data_fields(Assessment, exclude=("timepoint",))),
        FormKind(IMAGING, "CT", Imaging, _data_fields(Imaging, exclude=("lesion", "timepoint"))),
        FormKind(ADVERSE_EVENT, "Adverse event", AdverseEvent, _data_fields(AdverseEvent, exclude=("ae_id",))),
    )
}

#: Sub-rows and the parent form they belong to: model -> (kind, attribute holding the parent's key).
SUB_ROWS: dict[type, tuple[str, str]] = {
    Analgesic: (VISIT, "assessment_id"),
    ProcedureLesion: (PROCEDURE, "session_id"),
}


def form_kind(code: str) -> FormKind:
    """The kind named ``code``; ``KeyError`` naming the known kinds otherwise."""
    try:
        return FORM_KINDS[code]
    except KeyError:
        raise KeyError(f"{code!r} is not a form kind ({', '.join(FORM_KINDS)})") from None


def forms_needing_sdv() -> tuple[str, ...]:
    """The form kinds the study verifies against source (setting ``ABLACEM_SDV_FORMS``; all
    by default), in casebook order."""
    chosen = getattr(settings, "ABLACEM_SDV_FORMS", None) or list(FORM_KINDS)
    return tuple(k for k in FORM_KINDS if k in chosen)


def kinds_of_model(model: type) -> list[FormKind]:
    """The kinds of form stored in ``model`` (the patient record holds enrolment and end of study)."""
    return [k for k in FORM_KINDS.values() if k.model is model]


def record_of(kind: FormKind, record_pk: int):
    """The (not deleted) record of ``kind`` with this key, or ``model.DoesNotExist``."""
    return kind.model.objects.active().get(pk=record_pk)


def locate_problem(item) -> tuple[FormKind, object, str]:
    """The form, record and field an edit-check problem is on.

    Parameters
    ----------
    item : ablacem.edc.selectors.problems.ProblemItem
        One open problem (its tidy table, column and row keys).

    Returns
    -------
    (FormKind, record, str)
        The field is ``""`` when the problem's column is not one of the form's fields (the
        query is then on the whole form).

    Raises
    ------
    LookupError
        When the problem concerns no single form, or its record is gone.
    """
    from .models import Patient

    patient = Patient.objects.active().filter(study_id=item.study_id).first()
    if patient is None:
        raise LookupError("this problem concerns no single patient's form")
    table, value = item.table, item.row_value
    if table == "patients":
        kind = FORM_KINDS[END_OF_STUDY if item.column in FORM_KINDS[END_OF_STUDY].fields else ENROLMENT]
        record = patient
    elif table == "lesions":
        kind, record = FORM_KINDS[LESION], Lesion.objects.active().filter(lesion_id=value("lesion_id")).first()
    elif table == "procedures":
        kind, record = FORM_KINDS[PROCEDURE], Procedure.objects.active().filter(patient=patient).first()
    elif table in ("assessments", "analgesics"):
        kind = FORM_KINDS[VISIT]
        record = Assessment.objects.active().filter(patient=patient, timepoint=value("timepoint")).first()
    elif table == "imaging":
        kind = FORM_KINDS[IMAGING]
        record = (
            Imaging.objects.active().filter(lesion__lesion_id=value("lesion_id"), timepoint=value("timepoint")).first()
        )
    elif table == "adverse_events":
        kind, record = FORM_KINDS[ADVERSE_EVENT], AdverseEvent.objects.active().filter(ae_id=value("ae_id")).first()
    else:
        raise LookupError(f"problems of {table!r} are on no form")
    if record is None:
        raise LookupError("the form this problem is on no longer exists")
    field = item.column if table != "analgesics" and item.column in kind.fields else ""
    return kind, record, field
