"""The patient's answers: saved as they go (the draft), then submitted once as the visit's assessment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ablacem.edc.actors import Actor
from ablacem.edc.models import Assessment
from ablacem.edc.roles import Action
from ablacem.edc.services import assessment_record
from ablacem.protocol import codelists as cl
from ablacem.protocol.ranges import QLQC30_ITEMS

from ..models import LinkDraft, PatientLink
from ..painkillers import analgesic_rows
from ..questionnaire import STEP_CODES, previous_step
from ..selectors.links import link_state
from ._audit import require, save_audited

#: Keys of the draft: the answers of each screen, plus the painkillers block.
PAINKILLERS_KEY = "painkillers"
#: Why blank QLQ-C30 items are blank when the patient submits with some unanswered.
PATIENT_SKIPPED = "declined"


class LinkClosedError(Exception):
    """The link no longer takes answers (revoked, expired, the visit recorded...): ``state`` says why."""

    def __init__(self, state):
        super().__init__(f"the link is {state}")
        self.state = state


def _open_for_answers(link: PatientLink, today: dt.date) -> PatientLink:
    current = PatientLink.objects.select_for_update().select_related("patient").get(pk=link.pk)
    status = link_state(current, today=today)
    if not status.opens:
        raise LinkClosedError(status.state)
    return current


@transaction.atomic
def draft_save(
    *, actor: Actor, link: PatientLink, step: str, answers: Mapping, today: dt.date, finished: bool = True
) -> LinkDraft:
    """Save the answers of one screen into the link's draft (the patient resumes from it).

    Parameters
    ----------
    actor : Actor
        The link's patient (:meth:`Actor.for_patient`).
    link : PatientLink
    step : str
        The screen saved (the link resumes after it).
    answers : mapping
        The screen's answers; they replace the same keys of the draft, the rest is kept.
    today : date
        The site's date (the link must open on it).
    finished : bool, optional
        False when the patient is still on the screen (an answer saved as it is chosen): the
        link then resumes on this screen, not after it (or where it resumed, if further on).

    Raises
    ------
    LinkClosedError
        When the link stopped opening meanwhile.
    PermissionDenied
    """
    require(actor, Action.EDIT, link.patient)
    current = _open_for_answers(link, today)
    draft, _ = LinkDraft.objects.select_for_update().get_or_create(link=current)
    draft.answers = {**draft.answers, **dict(answers)}
    if finished:
        draft.step = step
    else:
        # Resume on this screen, unless the patient had already gone further.
        before = previous_step(step) or ""
        if _order(draft.step) < _order(before):
            draft.step = before
    draft.save()
    return draft


def _order(step: str) -> int:
    """The position of a screen in the questionnaire (-1 for none)."""
    return STEP_CODES.index(step) if step else -1


def _submitted_visit(link: PatientLink) -> Assessment | None:
    return Assessment.objects.active().filter(patient=link.patient, timepoint=link.timepoint).first()


@transaction.atomic
def questionnaire_submit(*, actor: Actor, link: PatientLink, channel: str, today: dt.date) -> Assessment:
    """Submit the draft as the visit's assessment, once.

    The assessment is recorded through the EDC's :func:`ablacem.edc.services.assessment_record`
    with the patient as actor (``source`` patient, ``channel``, ``reported_at``), so the edit
    checks, scores and audit trail are those of staff entry. Submitting again (a double tap, a
    retry) returns the assessment already stored and stores nothing more: the link row is
    locked and ``submitted_at`` is set in the same transaction. Blank QLQ-C30 items are
    recorded as declined by the patient (``qlqc30_missing_reason`` ``declined``).

    Parameters
    ----------
    actor : Actor
        The link's patient.
    link : PatientLink
    channel : str
        ``link`` or ``in_clinic`` (``assessment_channel`` code list).
    today : date
        The site's date: the assessment date.

    Returns
    -------
    Assessment

    Raises
    ------
    LinkClosedError
        The link does not open (revoked, expired, recorded by staff...).
    ValidationError
        Answers missing or out of range (field names as the EDC's service gives them).
    PermissionDenied
    """
    require(actor, Action.EDIT, link.patient)
    if channel not in cl.ASSESSMENT_CHANNEL.codes:
        raise ValidationError({"channel": [f"{channel!r} is not one of {', '.join(cl.ASSESSMENT_CHANNEL.codes)}"]})
    locked = PatientLink.objects.select_for_update().select_related("patient").get(pk=link.pk)
    if locked.submitted_at is not None:
        visit = _submitted_visit(locked)
        if visit is not None:
            return visit
    current = _open_for_answers(locked, today)
    answers = dict(LinkDraft.objects.filter(link=current).values_list("answers", flat=True).first() or {})
    if PAINKILLERS_KEY not in answers:
        raise ValidationError({PAINKILLERS_KEY: ["answer the questions about your painkillers"]})
    painkillers = answers[PAINKILLERS_KEY]
    items = {q: answers.get(q) for q in QLQC30_ITEMS}
    now = timezone.now()
    visit = assessment_record(
        actor=actor,
        patient=current.patient,
        timepoint=current.timepoint,
        assessed_on=today,
        vas_worst=answers.get("vas_worst"),
        vas_average=answers.get("vas_average"),
        items=items,
        analgesics=analgesic_rows(
            painkillers.get("previous", []), painkillers.get("lines", []), painkillers.get("extra", [])
        ),
        qlqc30_missing_reason=PATIENT_SKIPPED if any(v is None for v in items.values()) else "",
        complete=True,
        channel=channel,
        reported_at=now,
    )
    current.submitted_at = now
    current.channel = channel
    save_audited(current, actor=actor, reason="questionnaire submitted")
    return visit
