"""The data-entry forms: identifiers hidden for roles that may not see them, reason for change,
QLQ-C30 without EORTC wording, parsing only (the edit checks run in the services), service
errors put in place."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from ablacem.edc.forms.assessment import AssessmentForm, NotDoneForm
from ablacem.edc.forms.patient import EnrolForm
from ablacem.edc.forms.procedure import TreatedLesionForm

ENROL = {
    "eligibility_confirmed": "on",
    "enrolled_on": "2025-03-03",
    "age": "71",
    "sex": "M",
    "ecog": "2",
    "diagnosis": "malignant",
    "primary_tumour": "lung",
}


def test_enrol_form_drops_identifying_fields_for_roles_that_may_not_see_them():
    assert {"name", "hospital_number", "birth_date"} <= set(EnrolForm().fields)
    assert not {"name", "hospital_number", "birth_date"} & set(EnrolForm(show_identifiers=False).fields)


def test_forms_parse_only_and_show_the_services_messages_next_to_the_fields():
    """The range and cross-field rules are checked once, by the service; the form shows what it says."""
    form = EnrolForm({**ENROL, "age": "200", "diagnosis": "benign"})
    assert form.is_valid(), form.errors
    assert form.patient_data()["age"] == 200
    form.add_service_errors(ValidationError({"age": ["age must be between 18 and 110 years"]}))
    assert form.errors["age"] == ["age must be between 18 and 110 years"]


def test_reason_box_appears_only_for_a_completed_form():
    assert AssessmentForm().fields["reason"].widget.is_hidden
    form = AssessmentForm({"assessed_on": "2025-03-17"}, needs_reason=True)
    assert not form.is_valid()
    assert form.errors["reason"] == ["this form was already complete: give a reason for the change"]


def test_a_reason_demanded_by_the_service_reveals_the_reason_box():
    form = AssessmentForm({"assessed_on": "2025-03-17"})
    assert form.is_valid()
    form.add_service_errors(ValidationError({"reason": ["give a reason"], "vas_worst": ["too high"], "x": ["odd"]}))
    assert not form.fields["reason"].widget.is_hidden and form.needs_reason
    assert form.errors["reason"] == ["give a reason"] and form.errors["vas_worst"] == ["too high"]
    assert form.non_field_errors() == ["x: odd"]


def test_qlqc30_items_show_numbers_and_the_response_scale_only():
    form = AssessmentForm()
    assert [f.label for f in form.item_fields][:2] == ["QLQ-C30 item 1", "QLQ-C30 item 2"]
    assert [c for c, _ in form.fields["q1"].choices] == ["1", "2", "3", "4", ""]
    assert [c for c, _ in form.fields["q30"].choices] == ["1", "2", "3", "4", "5", "6", "7", ""]
    assert AssessmentForm(wording={"q3": "licensed"}).fields["q3"].label == "3. licensed"


def test_qlqc30_item_outside_its_scale_is_refused():
    form = AssessmentForm({"assessed_on": "2025-03-17", "q1": "5", "q29": "7"})
    assert not form.is_valid()
    assert "q1" in form.errors and "q29" not in form.errors


def test_not_done_offers_only_the_reasons_a_visit_is_not_done():
    codes = [c for c, _ in NotDoneForm().fields["status"].choices]
    assert codes == ["", "missed", "died", "withdrawn"]


def test_treated_lesion_form_parses_what_the_service_checks():
    """The cement volume above 30 mL is the service's soft check (``check_treated_lesion``); the form parses it."""
    untreated = TreatedLesionForm({"cement_ml": "40"})
    assert untreated.is_valid()
    treated = TreatedLesionForm(
        {"treated": "on", "modality": "rfa", "technical_success": "true", "cement_ml": "40"}, lesion=object()
    )
    assert treated.is_valid(), treated.errors
    assert treated.row()["cement_ml"] == 40.0 and treated.row()["leakage_type"] == ""


def test_dates_parse_from_the_browser_date_picker():
    form = EnrolForm(ENROL)
    assert form.is_valid(), form.errors
    assert form.patient_data()["enrolled_on"] == dt.date(2025, 3, 3)
    assert form.patient_data()["ecog"] == 2


def test_no_answer_clears_an_item():
    form = AssessmentForm({"assessed_on": "2025-03-17", "q5": "", "q6": "3"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["q5"] is None and form.cleaned_data["q6"] == 3
