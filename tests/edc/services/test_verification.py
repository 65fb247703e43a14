"""Source data verification: a monitor's mark, cleared by any later change of a verified value."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import SourceVerification
from tests.edc.conftest import DAY0, ITEMS, PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

OXY = {"drug": "oxycodone", "route": "oral", "dose": 10, "unit": "mg", "per_day": 2}


def baseline(patient, user, **kw):
    data = {
        "patient": patient,
        "timepoint": "baseline",
        "assessed_on": DAY0 - dt.timedelta(days=2),
        "vas_worst": 8.0,
        "vas_average": 6.0,
        "items": ITEMS,
        "analgesics": [OXY],
        "actor": Actor.staff(user),
    }
    return services.assessment_record(**{**data, **kw})


@pytest.fixture
def visit(treated_patient, coordinator):
    return baseline(treated_patient[0], coordinator)


def test_a_change_of_a_verified_form_clears_its_verification(visit, monitor, coordinator):
    mark = services.source_verify(kind="visit", record=visit, actor=Actor.staff(monitor))
    assert mark.is_active and mark.values["vas_worst"] == "8.0" and mark.verified_by == monitor

    baseline(visit.patient, coordinator, vas_worst=7.0, expected_version=visit.version, reason="typo")

    mark.refresh_from_db()
    assert not mark.is_active and mark.cleared_reason == "value changed: vas_worst"
    last = mark.history.order_by("-history_id").first()
    assert (last.history_user, last.history_change_reason) == (coordinator, "value changed: vas_worst")


def test_a_field_verification_survives_changes_of_other_fields(visit, monitor, coordinator):
    average = services.source_verify(kind="visit", record=visit, field_name="vas_average", actor=Actor.staff(monitor))
    worst = services.source_verify(kind="visit", record=visit, field_name="vas_worst", actor=Actor.staff(monitor))
    baseline(visit.patient, coordinator, vas_worst=7.0, expected_version=visit.version, reason="typo")
    average.refresh_from_db()
    worst.refresh_from_db()
    assert average.is_active and not worst.is_active


def test_a_changed_analgesic_row_clears_the_whole_visit_but_not_its_field_marks(visit, monitor, coordinator):
    whole = services.source_verify(kind="visit", record=visit, actor=Actor.staff(monitor))
    field = services.source_verify(kind="visit", record=visit, field_name="vas_worst", actor=Actor.staff(monitor))
    baseline(
        visit.patient, coordinator, analgesics=[{**OXY, "dose": 20}], expected_version=visit.version, reason="dose"
    )
    whole.refresh_from_db()
    field.refresh_from_db()
    assert not whole.is_active and field.is_active


def test_signing_the_casebook_does_not_clear_verification(visit, monitor, investigator):
    mark = services.source_verify(kind="visit", record=visit, actor=Actor.staff(monitor))
    services.casebook_sign(
        patient=visit.patient, password=PASSWORD, confirm_open_follow_up=True, actor=Actor.staff(investigator)
    )
    mark.refresh_from_db()
    assert mark.is_active


def test_only_a_monitor_verifies_and_once_while_unchanged(visit, monitor, data_manager):
    with pytest.raises(PermissionDenied):
        services.source_verify(kind="visit", record=visit, actor=Actor.staff(data_manager))
    services.source_verify(kind="visit", record=visit, actor=Actor.staff(monitor))
    with pytest.raises(ValidationError) as again:
        services.source_verify(kind="visit", record=visit, actor=Actor.staff(monitor))
    assert "already verified" in again.value.message_dict["record"][0]
    assert SourceVerification.objects.count() == 1


def test_forms_outside_the_sdv_setting_are_refused(visit, treated_patient, monitor, settings):
    settings.ABLACEM_SDV_FORMS = ["adverse_event", "visit"]
    services.source_verify(kind="visit", record=visit, actor=Actor.staff(monitor))
    with pytest.raises(ValidationError) as refused:
        services.source_verify(kind="lesion", record=treated_patient[1], actor=Actor.staff(monitor))
    assert "ABLACEM_SDV_FORMS" in refused.value.message_dict["form"][0]
