"""Anchor a synthetic cohort to a data cut-off, so that follow-up is in progress on that day.

``ablacem synth --as-of DATE`` builds the demo cohort of a given day (``make demo`` passes
today): patients enrolled over the two years before DATE, the last ones still in follow-up.
With one patient every 2-3 weeks, a calendar drawn at random rarely has a visit due on the
very day; so the last patients' sessions are placed (in enrolment order, keeping each
patient's own draws relative to day 0) so that on DATE one visit is due today, one is due this
week and one is overdue, and everyone enrolled earlier moves back to make room.
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations, permutations

import numpy as np
import pandas as pd

from ablacem.protocol import TIMEPOINTS
from ablacem.protocol.codelists import DONE, MISSED, NOT_DUE
from ablacem.protocol.windows import DUE_SOON_DAYS

from ._random import streams
from .follow_up import make_schedule, visit_days
from .patients import ENROLMENT_DAYS, MAX_CONSENT_TO_PROCEDURE_DAYS, calendar_age

#: Worklist states placed on the cut-off day, from the most recent session back.
PLACED_STATES = ("due_today", "this_week", "overdue")
#: Patients from the last one back that may be placed.
MAX_PLACED = 12
#: Days between two placed sessions (at least the consent-to-session gap, so enrolment order holds).
_SPACING = MAX_CONSENT_TO_PROCEDURE_DAYS + 1
#: Visits that can be placed: those after the day of the session.
_FOLLOW_UP = [(j, tp) for j, tp in enumerate(TIMEPOINTS) if tp.day > 0]


def start_before(as_of: dt.date) -> dt.date:
    """First enrolment day so that the two years of enrolment and every session end before ``as_of``."""
    return as_of - dt.timedelta(days=ENROLMENT_DAYS + MAX_CONSENT_TO_PROCEDURE_DAYS)


def _offsets(state: str, tp) -> range:
    """Days from the session to the cut-off at which ``tp`` is in ``state`` (nearest first)."""
    if state == "due_today":
        return range(tp.day, tp.day + 1)
    if state == "this_week":
        return range(tp.day - 1, max(tp.day - DUE_SOON_DAYS - 1, 0), -1)
    return range(tp.day + 1, tp.upper + 1)


def _place(days: np.ndarray, n: int, assignment: dict[int, str]) -> dict[int, tuple[int, int | None]] | None:
    """Sessions of the last patients for one assignment of states to patients (None if impossible).

    Going back from the last patient, each session comes at least :data:`_SPACING` days
    before the next one; an assigned patient takes the nearest offset at which one of its
    visits is in its state and still open (its drawn day comes after the cut-off).
    """
    placed: dict[int, tuple[int, int | None]] = {}
    floor = 0
    for i in range(n - 1, min(assignment) - 1, -1):
        if i in assignment:
            options = [
                (k, j) for j, tp in _FOLLOW_UP for k in _offsets(assignment[i], tp) if k >= floor and days[i, j] > k
            ]
            if not options:
                return None
            placed[i] = min(options)
        else:
            placed[i] = (floor, None)
        floor = placed[i][0] + _SPACING
    return placed


def _placement(days: np.ndarray, skip: set[int]) -> dict[int, tuple[int, int | None]]:
    """Patient index -> (days from its session to the cut-off, timepoint placed or None).

    Every way of giving the states of :data:`PLACED_STATES` to patients among the last
    :data:`MAX_PLACED` (not in ``skip``) is tried; the one with the most states, then the
    most recent sessions, wins. Nothing is placed when no visit can be.
    """
    n = len(days)
    candidates = [i for i in range(n - 1, max(n - 1 - MAX_PLACED, -1), -1) if i not in skip]
    for size in range(len(PLACED_STATES), 0, -1):
        best = None
        for states in permutations(PLACED_STATES, size):
            for chosen in combinations(candidates, size):
                placed = _place(days, n, dict(zip(chosen, states, strict=True)))
                if placed is not None and (best is None or max(placed.values())[0] < max(best.values())[0]):
                    best = placed
        if best is not None:
            return best
    return {}


def _moved(patients: pd.DataFrame, natural: np.ndarray, placed: dict[int, tuple[int, int | None]]) -> pd.DataFrame:
    """The patients with the placed sessions, and everyone enrolled before them moved back to make room."""
    offset = natural.copy()
    for i, (k, _) in placed.items():
        offset[i] = k
    if placed:
        first = min(placed)
        room = max(k for k, _ in placed.values()) + _SPACING
        # Everyone enrolled earlier moves back by the same number of days, keeping the order.
        offset[:first] += max(0, room - int(natural[:first].min(initial=room)))
    shift = pd.to_timedelta(natural - offset, unit="D")
    out = patients.copy()
    for column in ("enrolled_on", "procedure_date", "birth_date"):
        out[column] = out[column] + shift
    out["age"] = calendar_age(out["birth_date"], out["enrolled_on"])
    return out


def anchor_patients(patients: pd.DataFrame, seed: int, as_of: dt.date) -> pd.DataFrame:
    """Move the sessions (and consent, birth) of the last patients so that follow-up is live on ``as_of``.

    A placed visit can still be taken away by the patient's own draws (a death or a
    withdrawal before it): the schedule is drawn again and such a patient is passed over.

    Parameters
    ----------
    patients : DataFrame
        :func:`ablacem.synth.patients.make_patients` with start :func:`start_before`.
    seed : int
        The cohort's seed (the follow-up stream is read again to know when each visit falls).
    as_of : date
        The data cut-off.

    Returns
    -------
    DataFrame
        A copy with ``enrolled_on``, ``procedure_date``, ``birth_date`` (and ``age``) moved.
    """
    days = visit_days(patients, streams(seed)["follow_up"])
    cutoff = np.datetime64(as_of, "D")
    natural = (pd.Timestamp(as_of) - patients["procedure_date"]).dt.days.to_numpy()
    skip: set[int] = set()
    while True:
        placed = _placement(days, skip)
        moved = _moved(patients, natural, placed)
        status = make_schedule(moved, streams(seed)["follow_up"], cutoff).visits["status"].to_numpy()
        lost = {i for i, (_, j) in placed.items() if j is not None and status[i * len(TIMEPOINTS) + j] != NOT_DUE}
        if not lost or len(skip) >= MAX_PLACED:
            return moved
        skip |= lost


#: Days after a window closed during which a missed visit may still be without a record on the
#: cut-off (the coordinator has not yet said why), so the worklist's "missed" list is not empty.
UNRECORDED_LOOKBACK_DAYS = 28


def leave_recent_visit_unrecorded(
    assessments: pd.DataFrame, analgesics: pd.DataFrame, patients: pd.DataFrame, as_of: dt.date
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Take away the record of the visit whose window closed most recently before ``as_of``.

    Among patients still in follow-up, the visit after the session (recorded done or missed) whose window closed
    within :data:`UNRECORDED_LOOKBACK_DAYS` before the cut-off and nearest to it loses its row
    and its analgesic lines: on the demo day it is a visit the coordinator has still to
    record, which the EDC lists as missed and the analysis counts as not recorded.

    Parameters
    ----------
    assessments, analgesics : DataFrame
        The cohort's tables (one row per patient and timepoint; lines per visit).
    patients : DataFrame
        With ``patient_id``, ``procedure_date`` and ``end_reason``.
    as_of : date
        The data cut-off.

    Returns
    -------
    (DataFrame, DataFrame)
        The two tables, unchanged when no visit qualifies.
    """
    upper = {tp.code: tp.upper for _, tp in _FOLLOW_UP}  # the visits after the day of the session
    followed = patients.loc[patients["end_reason"].isna(), ["patient_id", "procedure_date"]]
    rows = assessments.merge(followed, on="patient_id")
    rows = rows[rows["status"].isin([DONE, MISSED]) & rows["timepoint"].isin(upper)]
    closed = (pd.Timestamp(as_of) - rows["procedure_date"]).dt.days - rows["timepoint"].map(upper)
    rows = rows.assign(closed=closed)[(closed >= 1) & (closed <= UNRECORDED_LOOKBACK_DAYS)]
    if rows.empty:
        return assessments, analgesics
    chosen = rows.sort_values(["closed", "patient_id"]).iloc[0]
    key = (chosen["patient_id"], chosen["timepoint"])

    def keep(table: pd.DataFrame) -> pd.Series:
        return ~((table["patient_id"] == key[0]) & (table["timepoint"] == key[1]))

    return assessments[keep(assessments)].reset_index(drop=True), analgesics[keep(analgesics)].reset_index(drop=True)
