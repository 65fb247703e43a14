"""Sending what is due, with a fake clock over a whole follow-up: messages start and stop when they should."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.epro.links import link_token
from ablacem.epro.messaging.models import MessageLog, MessageStatus
from ablacem.epro.messaging.services import messages_send_due
from ablacem.epro.models import PatientLink
from ablacem.epro.services import draft_save, link_for_visit, link_revoke, questionnaire_submit
from ablacem.epro.services.questionnaire import PAINKILLERS_KEY
from tests.edc.conftest import ITEMS

from .conftest import EMAIL, at, day, follow_up_patient

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

SENDER = Actor.system("messages")


def run_days(first: int, last: int, actions=None) -> list[tuple[int, str, int]]:
    """Run the sender at 09:00 on each study day, doing ``actions[day]()`` first; (day, visit, number) sent."""
    sent = []
    for n in range(first, last + 1):
        if actions and n in actions:
            actions[n]()
        sent += [(n, r.timepoint, r.number) for r in messages_send_due(actor=SENDER, now=at(n))]
    return sent


def patient_answers_w1(patient, n: int) -> None:
    """The patient answers the 1-week questionnaire on their link on study day ``n``."""
    link = PatientLink.objects.get(patient=patient, timepoint="w1", submitted_at__isnull=True, revoked_at__isnull=True)
    me = Actor.for_patient(patient)
    answers = {"vas_worst": 5, "vas_average": 3, PAINKILLERS_KEY: {"previous": [], "lines": [], "extra": []}, **ITEMS}
    draft_save(actor=me, link=link, step="review", answers=answers, today=day(n))
    questionnaire_submit(actor=me, link=link, channel="link", today=day(n))


def test_a_whole_follow_up_with_a_fake_clock(patient, coordinator, caplog):
    staff = Actor.staff(coordinator)

    def staff_records_m1():
        services.assessment_record(
            patient=patient, timepoint="m1", assessed_on=day(29), vas_worst=4, vas_average=2, items=ITEMS, actor=staff
        )

    def patient_dies():
        patient.refresh_from_db()
        services.end_of_study_record(
            patient=patient,
            end_reason="died",
            end_date=day(60),
            death_date=day(60),
            expected_version=patient.version,
            actor=staff,
        )

    caplog.set_level(logging.DEBUG)
    sent = run_days(
        0,
        115,
        {8: lambda: patient_answers_w1(patient, 8), 29: staff_records_m1, 61: patient_dies},
    )
    # w1 (window days 5-10, target 7): invitation on day 5, reminder on the target day; the
    # patient answered on day 8, so not the day-9 reminder. m1 (window 23-40, target 30):
    # invitation on day 23; staff recorded the visit on day 29, so no reminder on day 30. m3: the
    # patient died on day 60, before its window opened (day 76): nothing.
    assert sent == [(5, "w1", 0), (7, "w1", 1), (23, "m1", 0)]
    assert [m.to for m in mail.outbox] == [[EMAIL]] * 3
    assert set(MessageLog.objects.values_list("status", flat=True)) == {MessageStatus.SENT}

    # The same link in the invitation and the reminder of a visit; nothing clinical or identifying.
    w1_link = PatientLink.objects.get(patient=patient, timepoint="w1")
    assert link_token(w1_link) in mail.outbox[0].body and link_token(w1_link) in mail.outbox[1].body
    for message in mail.outbox:
        text = message.subject + message.body
        for secret in ("Alice", "Example", "HN-424242", patient.study_id, "ablation", "pain", "cancer"):
            assert secret.lower() not in text.lower()
    assert "Reminder" in mail.outbox[1].subject and "Reminder" not in mail.outbox[0].subject

    # The sender's log lines name the study ID and the visit, never the address or the link.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "w1" in logged
    assert EMAIL not in logged and link_token(w1_link) not in logged and "Alice" not in logged


def test_running_twice_the_same_day_sends_nothing_more(patient):
    assert len(messages_send_due(actor=SENDER, now=at(5))) == 1
    assert messages_send_due(actor=SENDER, now=at(5, hour=15)) == []
    assert MessageLog.objects.count() == 1 and len(mail.outbox) == 1


def test_a_sender_that_missed_days_sends_only_the_latest_message(patient):
    (result,) = messages_send_due(actor=SENDER, now=at(9))
    assert (result.timepoint, result.number) == ("w1", 2)


def test_no_messages_without_consent_or_with_channel_none(coordinator):
    follow_up_patient(coordinator, contact_channel="none", contact_consent=False)
    assert messages_send_due(actor=SENDER, now=at(5)) == []


def test_sms_goes_through_the_sms_backend(coordinator, settings, tmp_path):
    settings.EPRO_SMS_FILE_PATH = tmp_path
    follow_up_patient(coordinator, contact_channel="sms")
    (result,) = messages_send_due(actor=SENDER, now=at(5))
    assert (result.channel, result.status) == ("sms", "sent")
    (written,) = tmp_path.iterdir()
    text = written.read_text()
    assert text.startswith("To: +447700900123\n") and "/p/" in text
    assert mail.outbox == []


def test_nothing_after_the_link_is_revoked(patient, coordinator):
    link = link_for_visit(actor=Actor.staff(coordinator), patient=patient, timepoint="w1")
    link_revoke(actor=Actor.staff(coordinator), link=link, reason="patient asked by phone not to be contacted")
    assert messages_send_due(actor=SENDER, now=at(5)) == []


def test_a_visit_marked_not_done_gets_nothing(patient, coordinator):
    services.assessment_mark_not_done(
        patient=patient, timepoint="w1", status="missed", not_done_reason="in hospital", actor=Actor.staff(coordinator)
    )
    assert messages_send_due(actor=SENDER, now=at(7)) == []


def test_only_editing_actors_send(patient, monitor):
    with pytest.raises(PermissionDenied):
        messages_send_due(actor=Actor.staff(monitor), now=at(5))
