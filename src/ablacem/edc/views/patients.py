"""Enrolment, enrolment changes, identifying data and end of study."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from ablacem.edc import checks
from ablacem.edc.actors import actor_from_request
from ablacem.edc.forms.patient import EndOfStudyForm, EnrolForm, IdentityForm, PatientForm
from ablacem.edc.models import PatientIdentity
from ablacem.edc.models.lookups import procedure_date_of
from ablacem.edc.roles import Action, can
from ablacem.edc.services.patient import end_of_study_record, patient_enrol, patient_identity_update, patient_update

from ._access import requires
from ._forms import needs_reason, patient_or_404, posted, run_service
from ._render import form_page

ENROL_GROUPS = (
    ("Eligibility and consent", ("eligibility_confirmed", "enrolled_on")),
    ("Baseline characteristics", ("age", "sex", "ecog", "diagnosis", "primary_tumour")),
    (
        "Identifying data (optional, kept apart, never in de-identified exports)",
        ("name", "hospital_number", "birth_date"),
    ),
)


@requires(Action.EDIT)
def enrol(request):
    """Enrol a patient: the study ID is assigned by the system on saving."""
    show_ids = can(request.user, Action.VIEW_IDENTIFIERS)
    today = timezone.localdate()
    form = EnrolForm(
        posted(request),
        show_identifiers=show_ids,
        edit_check=lambda d: checks.merge(checks.check_patient(d, today=today), checks.check_identity(d, today=today)),
    )
    if request.method == "POST" and form.is_valid():
        fields = {**form.patient_data(), **form.identity_data()}
        patient = run_service(form, lambda: patient_enrol(**fields, actor=actor_from_request(request)))
        if patient is not None:
            messages.success(request, f"Patient enrolled as {patient.study_id}.")
            return redirect("edc:patient_detail", patient.pk)
    return form_page(
        request,
        title="Enrol a patient",
        form=form,
        groups=ENROL_GROUPS,
        intro="The study ID is assigned when you save.",
        submit_label="Enrol",
        cancel_url=reverse("edc:patient_list"),
    )


@requires(Action.VIEW_CLINICAL, Action.EDIT)
def patient_edit(request, pk: int):
    """Change the enrolment data of a patient (a reason is asked: the form is complete)."""
    patient = patient_or_404(pk)
    initial = {f: getattr(patient, f) for f in PatientForm.PATIENT_FIELDS}
    initial["version"] = patient.version
    form = PatientForm(
        posted(request),
        initial=initial,
        needs_reason=needs_reason(patient),
        edit_check=lambda d: checks.check_patient(d, today=timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: patient_update(
                patient=patient, actor=actor_from_request(request), **form.change_control(), **form.patient_data()
            ),
        )
        if done is not None:
            messages.success(request, "Enrolment data saved.")
            return redirect("edc:patient_detail", patient.pk)
    return form_page(
        request,
        title="Enrolment data",
        form=form,
        patient=patient,
        groups=ENROL_GROUPS[:2],
        cancel_url=reverse("edc:patient_detail", args=[patient.pk]),
        current_url=reverse("edc:patient_detail", args=[patient.pk]),
    )


@requires(Action.VIEW_IDENTIFIERS, Action.EDIT)
def identity_edit(request, pk: int):
    """Set or change name, hospital number and date of birth (roles allowed to see identifiers)."""
    patient = patient_or_404(pk)
    record = PatientIdentity.objects.filter(patient=patient).first()
    initial = {f: getattr(record, f) for f in IdentityForm.IDENTITY_FIELDS} if record else {}
    initial["version"] = record.version if record else None
    has_values = record is not None and any(getattr(record, f) for f in IdentityForm.IDENTITY_FIELDS)
    form = IdentityForm(
        posted(request),
        initial=initial,
        needs_reason=has_values and needs_reason(record),
        edit_check=lambda d: checks.check_identity(d, today=timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: patient_identity_update(
                patient=patient, actor=actor_from_request(request), **form.change_control(), **form.identity_data()
            ),
        )
        if done is not None:
            messages.success(request, "Identifying data saved.")
            return redirect("edc:patient_detail", patient.pk)
    return form_page(
        request,
        title="Identifying data",
        form=form,
        patient=patient,
        intro="Optional. Stored apart from the clinical data and shown only to roles allowed to see it.",
        cancel_url=reverse("edc:patient_detail", args=[patient.pk]),
    )


@requires(Action.VIEW_CLINICAL, Action.EDIT)
def end_of_study(request, pk: int):
    """Record the end of study: completed, died (with the date), withdrew or lost to follow-up."""
    patient = patient_or_404(pk)
    initial = {"end_reason": patient.end_reason, "end_date": patient.end_date, "death_date": patient.death_date}
    initial["version"] = patient.version
    day0 = procedure_date_of(patient)
    form = EndOfStudyForm(
        posted(request),
        initial=initial,
        needs_reason=bool(patient.end_reason),
        edit_check=lambda d: checks.check_end_of_study(
            d, procedure_date=day0, enrolled_on=patient.enrolled_on, today=timezone.localdate()
        ),
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: end_of_study_record(
                patient=patient, actor=actor_from_request(request), **form.change_control(), **form.data_for_service()
            ),
        )
        if done is not None:
            messages.success(request, "End of study saved.")
            return redirect("edc:patient_detail", patient.pk)
    return form_page(
        request,
        title="End of study",
        form=form,
        patient=patient,
        intro="After death or withdrawal no further visit is due.",
        cancel_url=reverse("edc:patient_detail", args=[patient.pk]),
        current_url=reverse("edc:patient_detail", args=[patient.pk]),
    )
