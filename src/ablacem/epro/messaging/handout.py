"""What the printable handout shows: the patient's next visits and the link of the current one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import segno

from ablacem.edc.models import Assessment, Patient
from ablacem.edc.models.lookups import procedure_date_of
from ablacem.protocol import codelists as cl
from ablacem.protocol.reminders import REMOTE_TIMEPOINTS
from ablacem.protocol.timepoints import get_timepoint
from ablacem.protocol.windows import NOT_YET_MISSED, VisitState, target_date, visit_state, window


@dataclass(frozen=True)
class HandoutVisit:
    """A visit still to come on the handout: its name, target day and window."""

    timepoint: str
    label: str
    target: dt.date
    opens: dt.date
    closes: dt.date
    is_open: bool


def next_visits(patient: Patient, *, today: dt.date) -> list[HandoutVisit]:
    """The visits answered from home that are still to come or open on ``today``, in order.

    Empty before the procedure date is known and once the study has ended (the same rule as
    the worklist: :func:`ablacem.protocol.windows.visit_state`).
    """
    day0 = procedure_date_of(patient)
    if day0 is None:
        return []
    recorded = set(
        Assessment.objects.active()
        .filter(patient=patient)
        .exclude(status=cl.NOT_DUE)
        .values_list("timepoint", flat=True)
    )
    out = []
    for code in REMOTE_TIMEPOINTS:
        state = visit_state(
            day0,
            code,
            today,
            done=code in recorded,
            end_reason=patient.end_reason,
            end_date=patient.end_date,
            death_date=patient.death_date,
        )
        if state not in NOT_YET_MISSED:
            continue
        opens, closes = window(day0, code)
        out.append(
            HandoutVisit(
                code,
                get_timepoint(code).label,
                target_date(day0, code),
                opens,
                closes,
                state in (VisitState.OPEN, VisitState.OVERDUE),
            )
        )
    return out


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url`` (segno; error correction M, attributes only, no style)."""
    return segno.make(url, error="m").svg_inline(scale=4, title="QR code of your questionnaire link")
