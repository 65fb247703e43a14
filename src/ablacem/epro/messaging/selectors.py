"""Reads of the messaging: what is due now (from the current state) and the send log staff see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ablacem.edc.actors import Actor
from ablacem.edc.models import Assessment, Patient, PatientIdentity
from ablacem.edc.roles import Action, can
from ablacem.edc.sites import day_at
from ablacem.protocol import codelists as cl
from ablacem.protocol.reminders import REMOTE_TIMEPOINTS, MessageSchedule, ScheduledMessage, due_message
from ablacem.protocol.windows import VisitState, visit_state, window

from .models import MessageChannel, MessageLog, MessageStatus


@dataclass(frozen=True)
class DueMessage:
    """A message the schedule says is due now, and where it goes.

    ``log`` is the send log row of this message when one exists (a failed attempt to retry).
    """

    patient_pk: int
    study_id: str
    timepoint: str
    message: ScheduledMessage
    closes_on: dt.date
    channel: str
    address: str
    language: str
    log: MessageLog | None = None


def _contact(identity: PatientIdentity | None) -> tuple[str, str] | None:
    """(channel, address) the patient agreed to be contacted on, or None."""
    if identity is None or not identity.contact_consent:
        return None
    address = {cl.CONTACT_EMAIL: identity.email, cl.CONTACT_SMS: identity.mobile}.get(identity.contact_channel, "")
    return (identity.contact_channel, address) if address else None


def _links() -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
    """(visits whose link was revoked with none open, visits whose link was submitted)."""
    from ablacem.epro.models import PatientLink

    revoked: set[tuple[int, str]] = set()
    opened: set[tuple[int, str]] = set()
    submitted: set[tuple[int, str]] = set()
    for pk, tp, revoked_at, submitted_at in PatientLink.objects.filter(timepoint__in=REMOTE_TIMEPOINTS).values_list(
        "patient_id", "timepoint", "revoked_at", "submitted_at"
    ):
        if submitted_at is not None:
            submitted.add((pk, tp))
        elif revoked_at is not None:
            revoked.add((pk, tp))
        else:
            opened.add((pk, tp))
    return revoked - opened, submitted


def _followed_patients() -> list[tuple]:
    """(pk, study ID, day 0, end reason, end date, death date, site time zone) of every patient
    in follow-up (procedure recorded, neither deleted), by study ID."""
    return list(
        Patient.objects.active()
        .filter(procedure__isnull=False, procedure__is_deleted=False)
        .values_list(
            "pk", "study_id", "procedure__procedure_date", "end_reason", "end_date", "death_date", "site__time_zone"
        )
        .order_by("study_id")
    )


def due_messages(*, now: dt.datetime, schedule: MessageSchedule, max_attempts: int) -> list[DueMessage]:
    """Every message due at ``now``, computed afresh from the current state.

    Each patient's day is the date at ``now`` in the time zone of the site that owns them
    (:func:`ablacem.edc.sites.day_at`): at one instant a patient of a site already past
    midnight gets the next day's message while one of a site still on the day before does not.
    For each patient in follow-up (procedure recorded, not deleted) who agreed to be contacted
    and has an address for the chosen channel, and each visit answered from home, the due rule
    (:func:`ablacem.protocol.reminders.due_message`) is applied to the visit's record, the end
    of study, the link and the send log. A message with no send log row is new; one whose row
    failed fewer than ``max_attempts`` times is retried while it is still the one due; a sent,
    sending or given-up message is not due again. Runs six queries whatever the number of patients.

    Returns
    -------
    list of DueMessage
        By study ID, then visit order.
    """
    patients = _followed_patients()
    identities = {i.patient_id: i for i in PatientIdentity.objects.active().filter(patient__is_deleted=False)}
    recorded = set(
        Assessment.objects.active()
        .exclude(status=cl.NOT_DUE)
        .filter(timepoint__in=REMOTE_TIMEPOINTS)
        .values_list("patient_id", "timepoint")
    )
    revoked, submitted = _links()
    logs: dict[tuple[int, str, int], MessageLog] = {
        (m.patient_id, m.timepoint, m.number): m for m in MessageLog.objects.filter(timepoint__in=REMOTE_TIMEPOINTS)
    }
    due: list[DueMessage] = []
    for pk, study_id, day0, end_reason, end_date, death_date, time_zone in patients:
        contact = _contact(identities.get(pk))
        if contact is None:
            continue
        today = day_at(time_zone, now)
        for tp in REMOTE_TIMEPOINTS:
            visit = (pk, tp)
            message = due_message(
                procedure_date=day0,
                timepoint=tp,
                today=today,
                schedule=schedule,
                recorded=visit in recorded or visit in submitted,
                end_reason=end_reason,
                end_date=end_date,
                death_date=death_date,
                link_revoked=visit in revoked,
            )
            if message is None:
                continue
            log = logs.get((pk, tp, message.number))
            if log is not None and not (log.status == MessageStatus.FAILED and log.attempts < max_attempts):
                continue
            identity = identities[pk]
            due.append(
                DueMessage(
                    patient_pk=pk,
                    study_id=study_id,
                    timepoint=tp,
                    message=message,
                    closes_on=window(day0, tp)[1],
                    channel=contact[0],
                    address=contact[1],
                    language=getattr(identity, "language", "") or "",
                    log=log,
                )
            )
    return due


@dataclass(frozen=True)
class SendLogRow:
    """One row of a patient's send log as a staff member may see it (``address`` empty unless allowed)."""

    timepoint: str
    timepoint_label: str
    kind: str
    channel: str
    address: str
    status: str
    attempts: int
    error: str
    claimed_at: dt.datetime
    sent_at: dt.datetime | None


def send_log(*, actor: Actor, patient: Patient) -> list[SendLogRow]:
    """The messages sent to ``patient``, oldest first.

    Everyone who may see the patient's page sees when, which visit, the channel and the status;
    the address and the provider's error (which may quote it) only roles that see identifiers.
    """
    if not can(actor, Action.VIEW_CLINICAL, patient):
        return []
    identified = can(actor, Action.VIEW_IDENTIFIERS, patient)
    labels = dict(MessageLog._meta.get_field("timepoint").choices)
    return [
        SendLogRow(
            timepoint=m.timepoint,
            timepoint_label=labels.get(m.timepoint, m.timepoint),
            kind="invitation" if m.is_invitation else f"reminder {m.number}",
            channel=MessageChannel(m.channel).label,
            address=m.address if identified else "",
            status=MessageStatus(m.status).label,
            attempts=m.attempts,
            error=m.error if identified else ("" if not m.error else "provider error"),
            claimed_at=m.claimed_at,
            sent_at=m.sent_at,
        )
        for m in MessageLog.objects.filter(patient=patient).order_by("claimed_at", "number")
    ]


def failed_messages(*, actor: Actor, max_attempts: int) -> list[tuple[str, str, int]]:
    """Messages that need staff: failed ``max_attempts`` times, as (study ID, timepoint label, number).

    Only the patients the reader may see (their sites'); empty for one who may not see clinical data.
    """
    if not can(actor, Action.VIEW_CLINICAL):
        return []
    labels = dict(MessageLog._meta.get_field("timepoint").choices)
    return [
        (sid, labels.get(tp, tp), number)
        for sid, tp, number in MessageLog.objects.filter(
            status=MessageStatus.FAILED,
            attempts__gte=max_attempts,
            patient__is_deleted=False,
            patient__in=Patient.objects.visible_to(actor),
        )
        .order_by("patient__study_id", "timepoint", "number")
        .values_list("patient__study_id", "timepoint", "number")
    ]


def open_remote_visits(*, now: dt.datetime) -> list[tuple[str, str]]:
    """(study ID, timepoint) of every visit answered from home whose window is open at ``now``
    and that nobody has recorded yet (the patients a questionnaire link is for today), in order.

    Open on each patient's day: the date at ``now`` in their site's time zone, as the sender
    reads it. The same state rule as the sender (:func:`ablacem.protocol.windows.visit_state`);
    no identifier, so the command line may print it.
    """
    recorded = set(
        Assessment.objects.active()
        .exclude(status=cl.NOT_DUE)
        .filter(timepoint__in=REMOTE_TIMEPOINTS)
        .values_list("patient_id", "timepoint")
    )
    out = []
    for pk, study_id, day0, end_reason, end_date, death_date, time_zone in _followed_patients():
        today = day_at(time_zone, now)
        for tp in REMOTE_TIMEPOINTS:
            state = visit_state(
                day0,
                tp,
                today,
                done=(pk, tp) in recorded,
                end_reason=end_reason,
                end_date=end_date,
                death_date=death_date,
            )
            if state in (VisitState.OPEN, VisitState.OVERDUE):
                out.append((study_id, tp))
    return out
