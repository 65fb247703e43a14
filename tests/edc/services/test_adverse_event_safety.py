"""Safety reporting at save: causality, expectedness, action, course, awareness; the SAE email; acknowledgement."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.selectors.audit import patient_audit_trail
from ablacem.edc.services import sae_notice
from tests.edc.conftest import DAY0, enrol, treat

pytestmark = pytest.mark.db_backend

SAFETY_EMAILS = ["safety@example.org", "pi@example.org"]


def _event(patient, user, **overrides):
    data = {
        "patient": patient,
        "onset_date": DAY0 + dt.timedelta(days=1),
        "term": "nerve_injury",
        "cirse_grade": 3,
        "serious": True,
        "serious_criteria": ["hospitalisation"],
        "related_to": "ablation",
        "relation_procedure": "probable",
        "relation_ablation": "probable",
        "relation_cement": "unlikely",
        "expectedness": "expected",
        "action_taken": "medication",
        "aware_date": DAY0 + dt.timedelta(days=1),
        "aware_time": dt.time(9, 30),
        "ongoing": True,
        "actor": Actor.staff(user),
    }
    data.update(overrides)
    return services.adverse_event_record(**data)


@pytest.fixture
def treated(coordinator):
    patient = enrol(coordinator, name="Bernard Secret", hospital_number="HN-777001")
    treat(coordinator, patient)
    return patient


def test_the_new_fields_are_saved(treated, coordinator):
    event = _event(
        treated, coordinator, ongoing=False, resolution_date=DAY0 + dt.timedelta(days=20), outcome="resolved"
    )
    event.refresh_from_db()
    assert (event.relation_procedure, event.relation_ablation, event.relation_cement) == (
        "probable",
        "probable",
        "unlikely",
    )
    assert (event.expectedness, event.action_taken) == ("expected", "medication")
    assert event.ongoing is False and event.resolution_date == DAY0 + dt.timedelta(days=20)
    assert event.aware_date == DAY0 + dt.timedelta(days=1) and event.aware_time == dt.time(9, 30)


def test_ongoing_is_taken_from_the_resolution_date_when_not_stated(treated, coordinator):
    open_event = _event(treated, coordinator, ongoing=None)
    closed = _event(treated, coordinator, ongoing=None, resolution_date=DAY0 + dt.timedelta(days=9))
    assert open_event.ongoing is True and closed.ongoing is False


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"resolution_date": DAY0}, "resolution_date", "resolution is before the onset"),
        (
            {"resolution_date": DAY0 + dt.timedelta(days=5)},
            "resolution_date",
            "an ongoing event has no resolution date",
        ),
        ({"ongoing": False}, "resolution_date", "give the resolution date, or mark the event ongoing"),
        ({"aware_date": DAY0}, "aware_date", "staff cannot become aware before the onset"),
        ({"outcome": "resolved"}, "outcome", "is not ongoing: give its resolution date"),
        ({"relation_cement": "maybe"}, "relation_cement", "maybe"),
        ({"expectedness": "surprising"}, "expectedness", "surprising"),
    ],
)
def test_a_broken_course_or_code_is_refused_naming_the_field(treated, coordinator, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        _event(treated, coordinator, **overrides)
    assert field in caught.value.message_dict
    assert any(message in m for m in caught.value.message_dict[field]), caught.value.message_dict


def test_a_serious_event_emails_the_safety_contacts_after_commit_without_identifiers(
    treated, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.ABLACEM_SAE_EMAILS = SAFETY_EMAILS
    settings.ABLACEM_SITE_URL = "https://edc.example.org"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        event = _event(treated, coordinator)
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == SAFETY_EMAILS
    assert f"https://edc.example.org/patients/{treated.pk}/adverse-events/{event.pk}/" in sent.body
    for secret in (treated.study_id, event.ae_id, "Bernard Secret", "HN-777001"):
        assert secret not in sent.body and secret not in sent.subject


def test_a_non_serious_event_sends_nothing(treated, coordinator, settings, django_capture_on_commit_callbacks):
    settings.ABLACEM_SAE_EMAILS = SAFETY_EMAILS
    with django_capture_on_commit_callbacks(execute=True):
        _event(treated, coordinator, cirse_grade=1, serious=False, serious_criteria=[], term="pain_flare")
    assert mail.outbox == []


def test_a_failed_email_is_logged_without_identifiers_and_the_event_stays(
    treated, coordinator, settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    settings.ABLACEM_SAE_EMAILS = SAFETY_EMAILS

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down for safety@example.org")

    monkeypatch.setattr(sae_notice, "send_mail", refuse)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        event = _event(treated, coordinator)
    assert type(event).objects.filter(pk=event.pk).exists()
    assert "ConnectionRefusedError" in caplog.text
    assert treated.study_id not in caplog.text and "safety@example.org" not in caplog.text


def test_a_serious_event_without_awareness_starts_its_clock_when_recorded(treated, coordinator):
    event = _event(treated, coordinator, aware_date=None, aware_time=None)
    assert event.aware_date is not None and event.aware_time is not None


def test_an_investigator_acknowledges_and_the_audit_trail_keeps_it(treated, coordinator, investigator):
    event = _event(treated, coordinator)
    acknowledged = services.adverse_event_acknowledge(
        adverse_event=event, expected_version=event.version, actor=Actor.staff(investigator)
    )
    assert acknowledged.acknowledged_by == investigator and acknowledged.acknowledged_at is not None
    rows = [r for r in patient_audit_trail(patient=treated) if r.record == event.ae_id and r.field == "acknowledged_by"]
    assert len(rows) == 1
    assert rows[0].new == investigator.get_username() and "acknowledged" in rows[0].reason
    with pytest.raises(ValidationError, match="already acknowledged"):
        services.adverse_event_acknowledge(
            adverse_event=acknowledged, expected_version=acknowledged.version, actor=Actor.staff(investigator)
        )


@pytest.mark.parametrize("role", ["coordinator", "data_manager", "monitor"])
def test_only_an_investigator_may_acknowledge(treated, coordinator, users, role):
    event = _event(treated, coordinator)
    with pytest.raises(PermissionDenied):
        services.adverse_event_acknowledge(
            adverse_event=event, expected_version=event.version, actor=Actor.staff(users[role])
        )


def test_a_non_serious_event_is_not_acknowledged(treated, coordinator, investigator):
    event = _event(treated, coordinator, cirse_grade=1, serious=False, serious_criteria=[], term="pain_flare")
    with pytest.raises(ValidationError, match="not a serious adverse event"):
        services.adverse_event_acknowledge(
            adverse_event=event, expected_version=event.version, actor=Actor.staff(investigator)
        )


def test_ack_hours_run_from_awareness_to_acknowledgement(treated, coordinator, investigator):
    event = _event(treated, coordinator)
    event.acknowledged_at = event.aware_at + dt.timedelta(hours=30, minutes=6)
    assert event.ack_hours == 30.1
