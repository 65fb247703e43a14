"""The end of study and what it means for the visits still to come.

Protocol, section "Follow-up": every patient is followed until death or the 3-month visit; a
patient may withdraw consent or be lost to follow-up before that. Once the study has ended, a
visit whose target day came after the end is not expected: it is recorded in the tidy
dataset with the status that names why (this module), never as a missed visit of a patient
still in the study.
"""

from __future__ import annotations

import datetime as dt

from .codelists import (
    END_COMPLETED,
    END_DIED,
    END_LOST,
    END_WITHDREW,
    MISSED,
    NOT_DONE_DIED,
    NOT_DONE_WITHDRAWN,
)

#: Status (``assessment_status`` code list) of a visit not done because the study ended
#: before it, per ``end_reason`` code. Stated once: the EDC's tidy dataset, the analysis, the
#: edit checks and the synthetic cohort all read it from here.
VISIT_STATUS_AFTER_END: dict[str, str] = {
    END_COMPLETED: MISSED,
    END_DIED: NOT_DONE_DIED,
    END_WITHDREW: NOT_DONE_WITHDRAWN,
    END_LOST: MISSED,
}

#: The inverse for the statuses that name an end of study: a visit marked ``died`` needs the
#: death recorded, one marked ``withdrawn`` the withdrawal.
END_REASON_OF_STATUS: dict[str, str] = {
    status: reason for reason, status in VISIT_STATUS_AFTER_END.items() if status != MISSED
}


def visit_status_after_end(end_reason: str) -> str:
    """Status of a visit not done because the study ended (``died``, ``withdrawn`` or ``missed``).

    Raises
    ------
    KeyError
        If ``end_reason`` is not an ``end_reason`` code; the message lists the codes.
    """
    try:
        return VISIT_STATUS_AFTER_END[end_reason]
    except KeyError:
        raise KeyError(
            f"unknown end of study reason {end_reason!r}; expected one of {', '.join(VISIT_STATUS_AFTER_END)}"
        ) from None


def study_end(end_reason: str | None, end_date: dt.date | None, death_date: dt.date | None = None) -> dt.date | None:
    """The day follow-up ended, or None while the patient is still in the study.

    A patient who died ended on the date of death (``end_date`` when it is not given); any
    other recorded end (completed, withdrew, lost) on ``end_date``. Without an end of study
    (or without its date) the patient is still followed.
    """
    if not end_reason:
        return None
    if end_reason == END_DIED:
        return death_date or end_date
    return end_date
