"""Enrolment, enrolment changes, identifying data and end of study."""

from __future__ import annotations

from django import forms

from ablacem.dataset.schema import IDENTIFIERS, PATIENTS
from ablacem.protocol import codelists as cl

from ..models.identity import CONTACT_FIELDS, IDENTITY_FIELDS
from ..models.patient import PATIENT_FIELDS
from ._base import ChangeControlForm, EdcForm
from ._fields import column_field

PRIMARY_GROUPS = (("Malignant", cl.MALIGNANT_PRIMARY), ("Benign", cl.BENIGN_LESION))


class _PatientFields(forms.Form):
    """Baseline characteristics recorded at enrolment (tidy ``patients``)."""

    eligibility_confirmed = forms.BooleanField(
        label="Eligibility confirmed (inclusion and exclusion criteria checked)", required=False
    )
    enrolled_on = column_field(PATIENTS, "enrolled_on")
    age = column_field(PATIENTS, "age")
    sex = column_field(PATIENTS, "sex")
    ecog = column_field(PATIENTS, "ecog")
    diagnosis = column_field(PATIENTS, "diagnosis")
    primary_tumour = column_field(PATIENTS, "primary_tumour", groups=PRIMARY_GROUPS)

    PATIENT_FIELDS = PATIENT_FIELDS

    def patient_data(self) -> dict:
        """The cleaned baseline characteristics, named as the services expect."""
        return {f: self.cleaned_data.get(f) for f in self.PATIENT_FIELDS}


class _IdentityFields(forms.Form):
    """Optional identifying data, stored apart from the clinical record."""

    name = column_field(IDENTIFIERS, "name")
    hospital_number = column_field(IDENTIFIERS, "hospital_number")
    birth_date = column_field(IDENTIFIERS, "birth_date")
    language = column_field(IDENTIFIERS, "language")
    email = column_field(IDENTIFIERS, "email", max_length=254)
    mobile = column_field(IDENTIFIERS, "mobile", max_length=20)
    contact_channel = column_field(IDENTIFIERS, "contact_channel")
    contact_consent = column_field(IDENTIFIERS, "contact_consent")

    IDENTITY_FIELDS = IDENTITY_FIELDS + CONTACT_FIELDS

    def identity_data(self) -> dict:
        """The cleaned identifying data ("" / None when not given)."""
        return {f: self.cleaned_data.get(f) for f in self.IDENTITY_FIELDS if f in self.fields}


class EnrolForm(_PatientFields, _IdentityFields, EdcForm):
    """Enrol a patient. The identifying fields are removed for roles that may not see them; the
    site is asked only of a user who reaches several sites (``site_choices``: code, label)."""

    def __init__(self, *args, show_identifiers: bool = True, site_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not show_identifiers:
            for f in self.IDENTITY_FIELDS:
                del self.fields[f]
        if len(site_choices) > 1:
            self.fields["site"] = forms.ChoiceField(
                label="Site",
                choices=[("", "---------"), *site_choices],
                help_text="The site that enrols the patient: its code starts the study ID.",
            )

    def site_data(self) -> dict:
        """The chosen site's code, as the enrolment service expects it (None: the user's only site)."""
        return {"site": self.cleaned_data.get("site") or None}


class PatientForm(_PatientFields, ChangeControlForm):
    """Change the enrolment data of an enrolled patient."""


class IdentityForm(_IdentityFields, ChangeControlForm):
    """Set or change the identifying data of a patient."""


class EndOfStudyForm(ChangeControlForm):
    """End of study: completed, died (with the date of death), withdrew, lost to follow-up."""

    end_reason = column_field(PATIENTS, "end_reason", required=True)
    end_date = column_field(PATIENTS, "end_date", required=True)
    death_date = column_field(PATIENTS, "death_date")

    def data_for_service(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in ("end_reason", "end_date", "death_date")}
