"""The patients list: find a patient by study ID or hospital number, filter by state, page it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from ablacem.protocol import codelists as cl

from ..models import FormState, Patient, PatientIdentity, Procedure
from .problems import patients_with_problems

#: Patients per page of the list.
PAGE_SIZE = 50

#: State filters of the list: code (in the query string) -> what the page calls it.
PATIENT_STATES: dict[str, str] = {
    "awaiting_procedure": "awaiting the procedure",
    "follow_up": "in follow-up",
    "ended": "ended the study",
    "ended_unsigned": "ended, casebook not signed",
    "signed": "casebook signed",
    "problems": "with open edit-check problems",
}


@dataclass(frozen=True)
class PatientListRow:
    """One line of the list; ``identity`` only for roles allowed to see identifiers."""

    patient: Patient
    procedure_date: dt.date | None
    identity: PatientIdentity | None


def _with_state(patients: QuerySet, state: str, as_of: dt.date | None) -> QuerySet:
    treated = Procedure.objects.active().values("patient_id")
    signed = Q(form_state=FormState.LOCKED)
    if state == "awaiting_procedure":
        return patients.exclude(pk__in=treated).filter(end_reason="")
    if state == "follow_up":
        return patients.filter(pk__in=treated, end_reason="")
    if state == "ended":
        return patients.exclude(end_reason="")
    if state == "ended_unsigned":
        return patients.exclude(end_reason="").exclude(signed)
    if state == "signed":
        return patients.filter(signed)
    if state == "problems":
        return patients.filter(pk__in=patients_with_problems(as_of=as_of))
    raise ValueError(f"unknown patient state {state!r}: one of {', '.join(PATIENT_STATES)}")


def patient_list_page(
    *,
    study_id: str = "",
    hospital_number: str = "",
    state: str = "",
    primary_tumour: str = "",
    site: str = "",
    page: int | str = 1,
    with_identifiers: bool = False,
    as_of: dt.date | None = None,
    actor,
) -> Page:
    """One page (:data:`PAGE_SIZE` patients, by study ID) of the patients matching every criterion.

    Parameters
    ----------
    study_id : str
        Part of the study ID (case-insensitive, e.g. ``007`` or ``abl-00``); blank: any.
    hospital_number : str
        The whole hospital number (case and surrounding spaces ignored); blank: any. Only
        honoured with ``with_identifiers``: a role that may not see identifiers cannot find a
        patient by one either (a search would reveal whose number it is).
    state : str
        A key of :data:`PATIENT_STATES`, or blank for every patient.
    primary_tumour : str
        A code of ``codelists.PRIMARY_TUMOUR`` (primary tumour or benign lesion type), or blank
        for any.
    site : str
        A site's code, or blank for every site the actor reaches.
    page : int or str
        Page number; out of range gives the last page (Django's ``Paginator.get_page``).
    with_identifiers : bool
        Whether the rows carry the patient's identity (name, hospital number).
    as_of : datetime.date, optional
        "Today" for the open-problems filter (default: the site's today).
    actor : Actor
        Who reads: only the patients :meth:`~ablacem.edc.models.base.ClinicalQuerySet.visible_to` them.

    Returns
    -------
    django.core.paginator.Page
        Its ``object_list`` holds :class:`PatientListRow` in study ID order.

    Raises
    ------
    ValueError
        If ``state`` is not a known state, or ``primary_tumour`` not a code of its list.
    """
    patients = Patient.objects.active().visible_to(actor).select_related("site").order_by("study_id")
    if site:
        patients = patients.filter(site__code=site)
    if study_id.strip():
        patients = patients.filter(study_id__icontains=study_id.strip())
    if hospital_number.strip() and with_identifiers:
        patients = patients.filter(
            identity__hospital_number__iexact=hospital_number.strip(), identity__is_deleted=False
        )
    if state:
        patients = _with_state(patients, state, as_of)
    if primary_tumour:
        if primary_tumour not in cl.PRIMARY_TUMOUR.codes:
            raise ValueError(f"primary tumour {primary_tumour!r}: not a code of the {cl.PRIMARY_TUMOUR.label} list")
        patients = patients.filter(primary_tumour=primary_tumour)
    found = Paginator(patients, PAGE_SIZE).get_page(page)
    shown = list(found.object_list)
    procedures = {p.patient_id: p.procedure_date for p in Procedure.objects.active().filter(patient__in=shown)}
    identities = (
        {i.patient_id: i for i in PatientIdentity.objects.filter(patient__in=shown, is_deleted=False)}
        if with_identifiers
        else {}
    )
    found.object_list = [
        PatientListRow(patient=p, procedure_date=procedures.get(p.pk), identity=identities.get(p.pk)) for p in shown
    ]
    return found
