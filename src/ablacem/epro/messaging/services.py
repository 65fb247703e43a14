"""Sending what is due: claim the send log row first (its own transaction), then send, then record.

Safe to run on several machines at once: the claim is an INSERT that the unique constraint
(patient, timepoint, number) lets only one sender win, and a retry is claimed by a conditional
UPDATE that only one sender can match. A message is never sent before its row is committed,
so a crash between the two leaves a ``sending`` row that is never sent again automatically
(at most once, rather than twice).

Logging: the sender's log lines name the visit, the message number and the send log row, never
the patient (not even by study ID), an address or a link.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from ablacem.edc.actors import Actor
from ablacem.edc.models import Patient
from ablacem.edc.roles import Action
from ablacem.edc.services._common import require

from . import config
from .compose import compose
from .mail import send_email
from .models import MessageChannel, MessageLog, MessageStatus
from .selectors import DueMessage, due_messages
from .sms import DeliveryError, get_sms_backend

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SendResult:
    """What happened to one due message (what ``ablacem messages send-due`` prints)."""

    study_id: str
    timepoint: str
    number: int
    channel: str
    status: str
    attempts: int

    def describe(self) -> str:
        """``ABL-003 w1 invitation by email: sent`` (no address, no link)."""
        kind = "invitation" if self.number == 0 else f"reminder {self.number}"
        return f"{self.study_id} {self.timepoint} {kind} by {self.channel}: {self.status} (attempt {self.attempts})"


def _claim_new(due: DueMessage, now: dt.datetime) -> MessageLog | None:
    """Insert the send log row of a new message, or None when another sender claimed it first."""
    try:
        with transaction.atomic():
            return MessageLog.objects.create(
                patient_id=due.patient_pk,
                timepoint=due.timepoint,
                number=due.message.number,
                channel=due.channel,
                address=due.address,
                due_on=due.message.send_on,
                status=MessageStatus.SENDING,
                attempts=1,
                claimed_at=now,
                last_attempt_at=now,
            )
    except IntegrityError:
        return None


def _claim_retry(log: MessageLog, now: dt.datetime, due: DueMessage) -> MessageLog | None:
    """Take a failed message for another attempt, or None when another sender took it first."""
    with transaction.atomic():
        taken = MessageLog.objects.filter(pk=log.pk, status=MessageStatus.FAILED, attempts=log.attempts).update(
            status=MessageStatus.SENDING,
            attempts=log.attempts + 1,
            last_attempt_at=now,
            channel=due.channel,
            address=due.address,
        )
    if not taken:
        return None
    log.refresh_from_db()
    return log


def _deliver(due: DueMessage, *, actor: Actor) -> None:
    """Compose the message with the visit's open link and hand it to the channel's backend."""
    from ablacem.epro.links import link_url
    from ablacem.epro.services import link_for_visit

    patient = Patient.objects.get(pk=due.patient_pk)
    link = link_for_visit(actor=actor, patient=patient, timepoint=due.timepoint)
    text = compose(
        number=due.message.number,
        url=link_url(link, base_url=config.base_url()),
        closes_on=due.closes_on,
        language=due.language,
    )
    if due.channel == MessageChannel.EMAIL:
        send_email(due.address, text.subject, text.body)
    else:
        get_sms_backend().send(due.address, text.body)


def message_send(*, actor: Actor, due: DueMessage, now: dt.datetime) -> SendResult | None:
    """Claim, send and record one due message.

    Returns
    -------
    SendResult or None
        None when another sender claimed the message first (nothing was sent).
    """
    log = _claim_new(due, now) if due.log is None else _claim_retry(due.log, now, due)
    if log is None:
        return None
    try:
        _deliver(due, actor=actor)
    except DeliveryError as exc:
        log.status, log.error = MessageStatus.FAILED, str(exc)[:2000]
    except Exception as exc:  # a backend bug or a broken setting: recorded, retried, never lost silently
        log.status, log.error = MessageStatus.FAILED, f"{exc.__class__.__name__}"
        # The kind of error only: its text may quote the address or the message (and so the link).
        logger.error("message %s of %s (send log %s): unexpected %s", log.number, log.timepoint, log.pk, log.error)
    else:
        log.status, log.error, log.sent_at = MessageStatus.SENT, "", timezone.now()
    log.save(update_fields=["status", "error", "sent_at"])
    logger.info("message %s of %s (send log %s): %s", log.number, log.timepoint, log.pk, log.status)
    return SendResult(due.study_id, log.timepoint, log.number, log.channel, log.status, log.attempts)


def messages_send_due(*, actor: Actor, now: dt.datetime | None = None) -> list[SendResult]:
    """Send every invitation and reminder due at ``now`` (default: now) and return what happened.

    What is due is computed from the current state (:func:`.selectors.due_messages`), each
    patient on their own site's day at ``now``. Each message is claimed, then sent, in its own transaction, so a failure
    of one never holds back the others.

    Parameters
    ----------
    actor : Actor
        Who sends (the system, or a user with ``edit``): links are issued in its name.
    now : datetime, optional
        An aware datetime (``--now`` of the command line; tests use a fake clock).

    Returns
    -------
    list of SendResult
        One per message this run claimed (sent or failed), in study ID and visit order.
    """
    require(actor, Action.EDIT)
    now = now or timezone.now()
    results = []
    for due in due_messages(now=now, schedule=config.message_schedule(), max_attempts=config.max_attempts()):
        result = message_send(actor=actor, due=due, now=now)
        if result is not None:
            results.append(result)
    return results
