"""Which link a token opens, and whether a link opens today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from ablacem.edc.models import Assessment, FormState, Patient
from ablacem.edc.models.lookups import procedure_date_of
from ablacem.protocol.timepoints import BASELINE
from ablacem.protocol.windows import VisitState, visit_state, window

from ..links import token_hash
from ..models import PatientLink

#: A link token is URL-safe base64 of 32 bytes (43 characters); anything else is not looked up.
TOKEN_LENGTH = 43


class LinkState(StrEnum):
    """Why a link opens or not, in the order :func:`link_state` checks them."""

    OPEN = "open"
    REVOKED = "revoked"
    SUBMITTED = "submitted"
    RECORDED = "recorded"  # the visit was recorded by staff (done or not done)
    ENDED = "ended"  # the patient's study ended (died, withdrew, lost, completed)
    LOCKED = "locked"  # the patient's casebook is signed: nothing may be added
    NOT_YET_OPEN = "not_yet_open"  # the visit's window has not opened
    EXPIRED = "expired"  # the visit's window has closed


@dataclass(frozen=True)
class LinkStatus:
    """A link's state on a day, with the window dates when known.

    Attributes
    ----------
    state : LinkState
    opens_on, closes_on : date or None
        The visit's window (None before the procedure date is known).
    """

    state: LinkState
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None

    @property
    def opens(self) -> bool:
        """Whether the questionnaire may be answered now."""
        return self.state == LinkState.OPEN


def link_by_token(token: str) -> PatientLink | None:
    """The link whose token is ``token`` (looked up by its sha256), or None for an unknown token."""
    if not isinstance(token, str) or len(token) != TOKEN_LENGTH:
        return None
    return PatientLink.objects.select_related("patient").filter(token_hash=token_hash(token)).first()


def _visit_recorded(patient: Patient, timepoint: str) -> bool:
    return (
        Assessment.objects.active()
        .filter(patient=patient, timepoint=timepoint)
        .exclude(form_state=FormState.NOT_STARTED)
        .exists()
    )


def link_state(link: PatientLink, *, today: dt.date) -> LinkStatus:
    """Whether ``link`` opens on ``today``, and if not, why.

    A link opens when it is neither revoked nor submitted, the visit is not yet recorded (by
    the patient or by staff, done or not done), the patient's casebook is not signed, the
    patient's study has not ended, and
    ``today`` lies in the visit's window (:func:`ablacem.protocol.windows.window`, protocol
    schedule in :mod:`ablacem.protocol.timepoints`). Follow-up windows count from the procedure
    date, so they stay closed until the procedure is recorded; the baseline link opens from
    enrolment until the close of its window once the procedure date is known.

    Parameters
    ----------
    link : PatientLink
    today : date
        The patient's site's date (:func:`ablacem.edc.sites.patient_today`), or a fixed date in tests.

    Returns
    -------
    LinkStatus
    """
    if link.revoked_at is not None:
        return LinkStatus(LinkState.REVOKED)
    if link.submitted_at is not None:
        return LinkStatus(LinkState.SUBMITTED)
    patient = link.patient
    if _visit_recorded(patient, link.timepoint):
        return LinkStatus(LinkState.RECORDED)
    if patient.form_state == FormState.LOCKED:
        return LinkStatus(LinkState.LOCKED)
    day0 = procedure_date_of(patient)
    if day0 is None:
        if patient.has_ended:
            return LinkStatus(LinkState.ENDED)
        return LinkStatus(LinkState.OPEN if link.timepoint == BASELINE else LinkState.NOT_YET_OPEN)
    lower, upper = window(day0, link.timepoint)
    state = visit_state(
        day0,
        link.timepoint,
        today,
        end_reason=patient.end_reason,
        end_date=patient.end_date,
        death_date=patient.death_date,
    )
    if patient.has_ended or state == VisitState.NOT_EXPECTED:
        return LinkStatus(LinkState.ENDED, lower, upper)
    by_window = {
        VisitState.NOT_YET_OPEN: LinkState.NOT_YET_OPEN,
        VisitState.OPEN: LinkState.OPEN,
        VisitState.OVERDUE: LinkState.OPEN,
        VisitState.MISSED: LinkState.EXPIRED,
    }
    return LinkStatus(by_window[state], lower, upper)


def links_of_patient(patient: Patient) -> list[PatientLink]:
    """Every link issued to ``patient`` (newest first within each timepoint), for the staff pages."""
    return list(PatientLink.objects.filter(patient=patient).order_by("timepoint", "-created_at"))
