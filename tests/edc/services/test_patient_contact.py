"""Contact details for questionnaire messages: stored with the identity, checked, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Patient, PatientIdentity
from tests.edc.conftest import enrol

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_enrolment_stores_contact_details_with_the_identity_mobile_without_spaces(coordinator):
    patient = enrol(
        coordinator, email="ann@example.org", mobile="+44 7700 900123", contact_channel="sms", contact_consent=True
    )
    identity = PatientIdentity.objects.get(patient=patient)
    assert (identity.email, identity.mobile, identity.contact_channel, identity.contact_consent) == (
        "ann@example.org",
        "+447700900123",
        "sms",
        True,
    )


def test_enrolment_without_contact_details_means_no_messages(coordinator):
    identity = PatientIdentity.objects.get(patient=enrol(coordinator))
    assert (identity.email, identity.mobile, identity.contact_channel, identity.contact_consent) == (
        "",
        "",
        "none",
        False,
    )


def test_bad_contact_details_are_refused_per_field_and_nothing_is_saved(coordinator):
    with pytest.raises(ValidationError) as exc:
        enrol(coordinator, email="ann(at)example.org", mobile="06 12 34 56 78", contact_channel="email")
    errors = exc.value.message_dict
    assert errors["email"] == ["not an email address (expected name@domain, e.g. jane@example.org)"]
    assert "international form" in errors["mobile"][0]
    assert errors["contact_consent"] == ["messages by Email need the patient's agreement to be contacted"]
    assert Patient.objects.count() == 0


def test_unknown_channel_is_refused(coordinator):
    with pytest.raises(ValidationError) as exc:
        enrol(coordinator, contact_channel="pigeon")
    assert "contact_channel" in exc.value.message_dict


def test_identity_update_changes_contact_details_with_a_reason_in_the_history(coordinator):
    patient = enrol(
        coordinator, name="Ann Example", email="ann@example.org", contact_channel="email", contact_consent=True
    )
    identity = PatientIdentity.objects.get(patient=patient)
    services.patient_identity_update(
        patient=patient,
        name="Ann Example",
        email="ann@example.org",
        mobile="+33 6 39 98 12 34",
        contact_channel="sms",
        contact_consent=True,
        expected_version=identity.version,
        reason="patient prefers text messages",
        actor=Actor.staff(coordinator),
    )
    identity.refresh_from_db()
    assert (identity.contact_channel, identity.mobile) == ("sms", "+33639981234")
    latest = identity.history.order_by("-history_id").first()
    assert (latest.contact_channel, latest.history_change_reason) == ("sms", "patient prefers text messages")


def test_only_roles_that_see_identifiers_change_contact_details(coordinator, statistician):
    patient = enrol(coordinator)
    with pytest.raises(PermissionDenied):
        services.patient_identity_update(
            patient=patient, email="x@example.org", expected_version=None, actor=Actor.staff(statistician)
        )
