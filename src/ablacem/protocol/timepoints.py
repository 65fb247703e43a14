"""The assessment schedule of the study, declared as data.

Day 0 is the procedure date. Each timepoint declares its target day and the inclusive
window (``lower``, ``upper``) in days relative to the procedure, in the manner of
clinicedc's visit schedules, and what it collects.
"""

from __future__ import annotations

from dataclasses import dataclass

VAS = "vas"
ANALGESICS = "analgesics"
QLQC30 = "qlqc30"
IMAGING = "imaging"


@dataclass(frozen=True)
class Timepoint:
    """One scheduled assessment.

    Attributes
    ----------
    code : str
        Stable code used in every table and file (``baseline``, ``post``, ...).
    label : str
        Display label.
    day : int
        Target day relative to the procedure (day 0).
    lower, upper : int
        Inclusive window bounds in days relative to the procedure.
    collects : frozenset of str
        What the visit collects: ``vas``, ``analgesics``, ``qlqc30``, ``imaging``.
    order : int
        Position in the schedule, from 0.
    """

    code: str
    label: str
    day: int
    lower: int
    upper: int
    collects: frozenset[str]
    order: int

    @property
    def is_follow_up(self) -> bool:
        """True for every timepoint after baseline."""
        return self.order > 0


_PRO = frozenset({VAS, ANALGESICS, QLQC30})
#: The post-procedure visit is taken on day 0 or the next day: patients often stay overnight
#: after the session and are assessed the next morning, once the anaesthesia has worn off
#: (a day-0-only window turned those visits into protocol deviations).
POST_WINDOW_DAYS = 1

TIMEPOINTS: tuple[Timepoint, ...] = (
    Timepoint("baseline", "Baseline", day=0, lower=-14, upper=0, collects=_PRO, order=0),
    Timepoint("post", "Post-procedure", day=0, lower=0, upper=POST_WINDOW_DAYS, collects=_PRO | {IMAGING}, order=1),
    Timepoint("w1", "1 week", day=7, lower=5, upper=10, collects=_PRO, order=2),
    Timepoint("m1", "1 month", day=30, lower=23, upper=40, collects=_PRO, order=3),
    Timepoint("m3", "3 months", day=90, lower=76, upper=110, collects=_PRO | {IMAGING}, order=4),
)

TIMEPOINT_CODES: tuple[str, ...] = tuple(tp.code for tp in TIMEPOINTS)
FOLLOW_UP_CODES: tuple[str, ...] = tuple(tp.code for tp in TIMEPOINTS if tp.is_follow_up)
IMAGING_TIMEPOINT_CODES: tuple[str, ...] = tuple(tp.code for tp in TIMEPOINTS if IMAGING in tp.collects)
#: Each timepoint's code by name, for code that means one visit in particular.
BASELINE, POST, WEEK_1, MONTH_1, MONTH_3 = TIMEPOINT_CODES

#: Follow-up ends at death or at the end of the last window, whichever comes first.
FOLLOW_UP_DAYS: int = TIMEPOINTS[-1].day


def get_timepoint(code: str) -> Timepoint:
    """Return the timepoint with this code.

    Raises
    ------
    KeyError
        If no timepoint has this code; the message lists the valid codes.
    """
    for tp in TIMEPOINTS:
        if tp.code == code:
            return tp
    raise KeyError(f"unknown timepoint {code!r}; expected one of {', '.join(TIMEPOINT_CODES)}")
