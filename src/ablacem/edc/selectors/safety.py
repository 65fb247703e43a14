"""Serious adverse events awaiting acknowledgement, and the 24-hour clock of one event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from ablacem.protocol import codelists as cl
from ablacem.protocol.safety import SAE_ACKNOWLEDGE_HOURS

from ..models import AdverseEvent
from ..roles import Action
from ..site_time import site_time


@dataclass(frozen=True)
class SaeClock:
    """The 24-hour clock of a serious adverse event (:mod:`ablacem.protocol.safety`).

    Attributes
    ----------
    aware_at, due_by, acknowledged_at : str
        Site times ("" when not known): staff became aware; acknowledgement due; acknowledged.
    acknowledged_by : str
        Account of the investigator who acknowledged it ("" until then).
    hours : float or None
        Hours from awareness to acknowledgement, or to ``now`` while not acknowledged.
    overdue : bool
        More than 24 hours have run (acknowledged late, or still waiting past the limit).
    """

    aware_at: str
    due_by: str
    acknowledged_at: str
    acknowledged_by: str
    hours: float | None
    overdue: bool

    @property
    def acknowledged(self) -> bool:
        return bool(self.acknowledged_at)


def sae_clock(event: AdverseEvent, *, now: dt.datetime | None = None) -> SaeClock | None:
    """The clock of ``event``; None when the event is not serious."""
    if not event.serious:
        return None
    now = now or timezone.now()
    aware = event.aware_at
    end = event.acknowledged_at or now
    hours = None if aware is None else round(max((end - aware).total_seconds(), 0) / 3600, 1)
    return SaeClock(
        aware_at=site_time(aware),
        due_by=site_time(aware + dt.timedelta(hours=SAE_ACKNOWLEDGE_HOURS)) if aware else "",
        acknowledged_at=site_time(event.acknowledged_at),
        acknowledged_by=event.acknowledged_by.get_username() if event.acknowledged_by else "",
        hours=hours,
        overdue=hours is not None and hours > SAE_ACKNOWLEDGE_HOURS,
    )


@dataclass(frozen=True)
class SaeAlert:
    """One serious adverse event awaiting acknowledgement, as the dashboard's banner lists it."""

    ae_pk: int
    patient_pk: int
    ae_id: str
    term: str
    clock: SaeClock


def unacknowledged_saes(*, actor, now: dt.datetime | None = None) -> list[SaeAlert]:
    """Serious adverse events no investigator has acknowledged yet, oldest awareness first.

    Parameters
    ----------
    actor : Actor or User
        Who asks: only events of patients they may see (``visible_to``).
    now : datetime, optional
        The moment the clocks are read at (default now).
    """
    events = (
        AdverseEvent.objects.visible_to(actor, Action.VIEW_CLINICAL)
        .active()
        .filter(serious=True, acknowledged_at__isnull=True, patient__is_deleted=False)
        .select_related("acknowledged_by")
        .order_by("aware_date", "aware_time", "ae_id")
    )
    return [SaeAlert(e.pk, e.patient_id, e.ae_id, cl.AE_TERM.label_of(e.term), sae_clock(e, now=now)) for e in events]
