"""The analgesics of a patient's previous visit, offered as the starting point of the next one."""

from __future__ import annotations

from dataclasses import dataclass

from ablacem.protocol import codelists as cl
from ablacem.protocol.timepoints import TIMEPOINTS

from ..models import Analgesic, Assessment, Patient
from ..models.assessment import ANALGESIC_FIELDS


@dataclass(frozen=True)
class PreviousAnalgesics:
    """The analgesic list of the most recent earlier recorded visit.

    ``timepoint``/``label`` name that visit; ``rows`` are its lines as
    ``{drug, route, dose, unit, per_day}`` in entry order (empty when it recorded none).
    """

    timepoint: str
    label: str
    rows: list[dict]

    @property
    def descriptions(self) -> list[str]:
        """Each line as a person reads it, e.g. ``Oxycodone 10 mg oral × 2/day``."""
        return [
            f"{cl.ANALGESIC_DRUG.label_of(r['drug'])} {r['dose']:g} {r['unit']} "
            f"{cl.ROUTE.label_of(r['route']).lower()} × {r['per_day']:g}/day"
            for r in self.rows
        ]


def previous_analgesics(*, patient: Patient, timepoint: str) -> PreviousAnalgesics | None:
    """The analgesics recorded at the latest visit before ``timepoint`` (in schedule order).

    Only visits that were done (in progress or complete) count; a visit marked not done
    recorded no analgesics and is skipped. Returns None when no earlier visit was recorded.

    Parameters
    ----------
    patient : Patient
        Whose visits.
    timepoint : str
        The visit being entered (a code of :data:`ablacem.protocol.timepoints.TIMEPOINTS`).

    Returns
    -------
    PreviousAnalgesics or None
        That visit and its lines, or None.
    """
    codes = [tp.code for tp in TIMEPOINTS]
    earlier = codes[: codes.index(timepoint)]
    if not earlier:
        return None
    done = {
        a.timepoint: a
        for a in Assessment.objects.active().filter(patient=patient, status=cl.DONE, timepoint__in=earlier)
    }
    for tp in reversed(TIMEPOINTS[: len(earlier)]):
        visit = done.get(tp.code)
        if visit is None:
            continue
        lines = Analgesic.objects.filter(assessment=visit, is_deleted=False).order_by("position", "id")
        return PreviousAnalgesics(
            timepoint=tp.code,
            label=tp.label,
            rows=[{f: getattr(a, f) for f in ANALGESIC_FIELDS} for a in lines],
        )
    return None
