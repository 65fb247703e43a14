"""Enrolment, enrolment changes, identifying data and end of study."""

from __future__ import annotations

from django.urls import reverse

from ablacem.edc.actors import actor_from_request
from ablacem.edc.form_kinds import END_OF_STUDY, ENROLMENT
from ablacem.edc.forms.patient import EndOfStudyForm, EnrolForm, IdentityForm, PatientForm
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.patient import patient_identity
from ablacem.edc.services.patient import end_of_study_record, patient_enrol, patient_identity_update, patient_update
from ablacem.edc.sites import sites_of

from ._access import requires
from ._edit import edit_page, entered, patient_url
from ._forms import initial_of, needs_reason, patient_or_404, posted

ENROL_GROUPS = (
    ("Eligibility and consent", ("site", "eligibility_confirmed", "enrolled_on")),
    ("Baseline characteristics", ("age", "sex", "ecog", "diagnosis", "primary_tumour")),
    (
        "Identifying data (optional, kept apart, never in de-identified exports)",
        ("name", "hospital_number", "birth_date", "language"),
    ),
    (
        "Questionnaire messages (contact details: identifiers too)",
        ("contact_channel", "email", "mobile", "contact_consent"),
    ),
)


@requires(Action.EDIT)
def enrol(request):
    """Enrol a patient: the study ID is assigned by the system on saving."""
    actor = actor_from_request(request)
    form = EnrolForm(
        posted(request),
        show_identifiers=can(actor, Action.VIEW_IDENTIFIERS),
        site_choices=[(s.code, f"{s.code}: {s.name}") for s in sites_of(actor)],
    )
    return edit_page(
        request,
        form=form,
        save=lambda: patient_enrol(**form.patient_data(), **form.identity_data(), **form.site_data(), actor=actor),
        saved=lambda patient: f"Patient enrolled as {patient.study_id}.",
        next_url=patient_url,
        title="Enrol a patient",
        groups=ENROL_GROUPS,
        intro="The study ID is assigned when you save.",
        submit_label="Enrol",
        cancel_url=reverse("edc:patient_list"),
    )


@requires(Action.VIEW_CLINICAL, Action.EDIT)
def patient_edit(request, pk: int):
    """Change the enrolment data of a patient (a reason is asked: the form is complete)."""
    patient = patient_or_404(request, pk)
    form = PatientForm(
        posted(request),
        initial=initial_of(patient, PatientForm.PATIENT_FIELDS),
        needs_reason=needs_reason(patient),
    )
    return edit_page(
        request,
        form=form,
        save=lambda: patient_update(patient=patient, **entered(request, form, form.patient_data())),
        saved="Enrolment data saved.",
        title="Enrolment data",
        patient=patient,
        query_target=(ENROLMENT, patient),
        groups=ENROL_GROUPS[:2],
        current_url=patient_url(patient),
    )


@requires(Action.VIEW_IDENTIFIERS, Action.EDIT)
def identity_edit(request, pk: int):
    """Set or change name, hospital number, date of birth and contact details (roles allowed to see identifiers)."""
    patient = patient_or_404(request, pk)
    record = patient_identity(patient)
    has_values = record is not None and any(
        getattr(record, f) for f in IdentityForm.IDENTITY_FIELDS if f not in ("contact_channel", "contact_consent")
    )
    form = IdentityForm(
        posted(request),
        initial=initial_of(record, IdentityForm.IDENTITY_FIELDS, booleans=("contact_consent",)),
        needs_reason=has_values and needs_reason(record),
    )
    return edit_page(
        request,
        form=form,
        save=lambda: patient_identity_update(patient=patient, **entered(request, form, form.identity_data())),
        saved="Identifying data saved.",
        title="Identifying data",
        patient=patient,
        intro="Optional. Stored apart from the clinical data and shown only to roles allowed to see it.",
    )


@requires(Action.VIEW_CLINICAL, Action.EDIT)
def end_of_study(request, pk: int):
    """Record the end of study: completed, died (with the date), withdrew or lost to follow-up."""
    patient = patient_or_404(request, pk)
    form = EndOfStudyForm(
        posted(request),
        initial=initial_of(patient, ("end_reason", "end_date", "death_date")),
        needs_reason=bool(patient.end_reason),
    )
    return edit_page(
        request,
        form=form,
        save=lambda: end_of_study_record(patient=patient, **entered(request, form)),
        saved="End of study saved.",
        title="End of study",
        patient=patient,
        query_target=(END_OF_STUDY, patient if patient.end_reason else None),
        intro="After death or withdrawal no further visit is due.",
        current_url=patient_url(patient),
    )
