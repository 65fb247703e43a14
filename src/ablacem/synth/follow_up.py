"""The visit schedule of each patient: dates, statuses and the end of study.

Deaths, withdrawals and losses to follow-up are drawn per patient, resolved against each
other (the first event ends the study) and against the data cut-off (an event after the
cut-off has not happened yet). A visit that has not taken place by the cut-off has no record:
its status is the one the EDC derives, by the protocol's rule
(:func:`ablacem.protocol.windows.visit_state` as of the cut-off): ``not_due`` while its window
is open, ``missed`` once it has closed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ablacem.protocol import TIMEPOINT_CODES, TIMEPOINTS
from ablacem.protocol.codelists import DONE, END_COMPLETED, END_DIED, END_LOST, END_WITHDREW, MISSED
from ablacem.protocol.end_of_study import visit_status_after_end
from ablacem.protocol.timepoints import MONTH_1, MONTH_3, WEEK_1
from ablacem.protocol.windows import unrecorded_visit_status, visit_state

from . import calibration as cal

_T = len(TIMEPOINTS)
_CODES = np.array(TIMEPOINT_CODES, dtype=object)
_BASELINE, _POST, _W1, _M1, _M3 = range(_T)
#: Scatter (SD, days) of a visit around its target day; it is then kept inside the window.
_SCATTER_SD = {WEEK_1: 1.2, MONTH_1: 3.0, MONTH_3: 5.0}


@dataclass
class Schedule:
    """The follow-up of a cohort.

    Attributes
    ----------
    visits : DataFrame
        One row per patient and timepoint (patient-major, schedule order): ``patient_id``,
        ``timepoint``, ``status``, ``assessed_on`` and ``patient_index``, ``study_day``.
    end_reason, end_date, death_date : ndarray
        Per patient (``None`` / ``NaT`` while still in follow-up).
    """

    visits: pd.DataFrame
    end_reason: np.ndarray
    end_date: np.ndarray
    death_date: np.ndarray


def visit_days(patients: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Drawn day (from day 0) of every patient's visits, patients x timepoints: the follow-up stream's first draws."""
    n = len(patients)
    days = np.zeros((n, _T), dtype=int)
    gap = (patients["procedure_date"] - patients["enrolled_on"]).dt.days.to_numpy()
    # Baseline: mostly the day of or the day before the session, never before consent.
    days[:, _BASELINE] = -np.minimum(gap, rng.geometric(0.45, n) - 1)
    for col, tp in ((_W1, TIMEPOINTS[_W1]), (_M1, TIMEPOINTS[_M1]), (_M3, TIMEPOINTS[_M3])):
        scatter = np.round(rng.normal(0, _SCATTER_SD[tp.code], n)).astype(int)
        days[:, col] = np.clip(tp.day + scatter, tp.lower, tp.upper)
        late = rng.random(n) < cal.OUT_OF_WINDOW_RATE
        days[:, col] = np.where(late, tp.upper + rng.integers(1, 6, n), days[:, col])
    return days


def _unrecorded(day0: np.ndarray, cutoff: np.datetime64, patient: np.ndarray, tp: np.ndarray) -> list[str]:
    """Status of visits without a record on the cut-off day, by the protocol's one rule."""
    today = cutoff.astype(object)
    return [
        unrecorded_visit_status(visit_state(day0[i].astype(object), TIMEPOINTS[j], today))
        for i, j in zip(patient, tp, strict=True)
    ]


def make_schedule(patients: pd.DataFrame, rng: np.random.Generator, cutoff: np.datetime64) -> Schedule:
    """Draw visit dates, deaths, withdrawals, losses and missed visits; apply the cut-off."""
    n = len(patients)
    days = visit_days(patients, rng)
    day0 = patients["procedure_date"].to_numpy().astype("datetime64[D]")
    cutoff_day = (cutoff - day0).astype(int)
    rows = np.arange(n)

    primary = pd.Series(patients["primary_tumour"].to_numpy(), dtype=object)
    risk = primary.map(cal.DEATH_RISK).fillna(0.0).to_numpy(float)
    risk = risk * np.asarray(cal.DEATH_ECOG_MULTIPLIER)[patients["ecog"].to_numpy(int)]
    dies = rng.random(n) < risk
    death_day = rng.integers(2, 91, n)
    dies &= death_day <= days[:, _M3]  # a death after the 3-month visit is after the study

    withdraws = rng.random(n) < cal.WITHDRAWAL_RATE
    withdraw_tp = rng.choice([_W1, _M1, _M3], size=n)
    prev_day, next_day = days[rows, withdraw_tp - 1], days[rows, withdraw_tp]
    withdraw_day = prev_day + 1 + np.floor(rng.random(n) * np.maximum(next_day - prev_day - 1, 1)).astype(int)

    lost = (rng.random(n) < cal.LOSS_RATE) & ~withdraws
    lost_tp = rng.choice([_W1, _M1, _M3], size=n, p=[1 / 6, 2 / 6, 3 / 6])

    # The first event wins; a later one is never observed.
    both = dies & withdraws
    withdraws &= ~(both & (death_day < withdraw_day))
    dies &= ~(both & (withdraw_day <= death_day))
    dies_first = dies & lost & (death_day < days[rows, lost_tp])
    lost &= ~dies_first
    dies &= ~lost
    # Nothing after the cut-off has happened yet.
    dies &= death_day <= cutoff_day
    withdraws &= withdraw_day <= cutoff_day

    tp_index = np.broadcast_to(np.arange(_T), (n, _T))
    status = np.full((n, _T), DONE, dtype=object)
    missed = (rng.random((n, _T)) < cal.MISSED_VISIT_RATE) & np.isin(tp_index, [_W1, _M1])
    status[missed] = MISSED
    status[lost[:, None] & (tp_index >= lost_tp[:, None])] = MISSED
    # A visit not yet taken place by the cut-off (or missed while its window is still open)
    # has no record yet; the patients concerned have no end of study by then.
    upper = np.array([tp.upper for tp in TIMEPOINTS])
    unknown = (days > cutoff_day[:, None]) | ((status == MISSED) & (upper[None, :] > cutoff_day[:, None]))
    status[unknown] = _unrecorded(day0, np.datetime64(cutoff, "D"), *np.nonzero(unknown))
    status[withdraws[:, None] & (tp_index >= withdraw_tp[:, None])] = visit_status_after_end(END_WITHDREW)
    status[dies[:, None] & (days >= death_day[:, None])] = visit_status_after_end(END_DIED)

    done = status == DONE
    dates = day0[:, None] + days
    assessed = np.where(done, dates, np.datetime64("NaT"))

    last_contact = np.where(done, days, -10_000).max(axis=1)
    lost_known = lost & (TIMEPOINTS[_M3].upper <= cutoff_day)
    completed = status[:, _M3] == DONE
    end_reason = np.select(
        [dies, withdraws, lost_known, completed], [END_DIED, END_WITHDREW, END_LOST, END_COMPLETED], default=""
    ).astype(object)
    end_day = np.select(
        [dies, withdraws, lost_known, completed], [death_day, withdraw_day, last_contact, days[:, _M3]], 0
    )
    has_end = end_reason != ""
    end_reason[~has_end] = None
    end_date = np.where(has_end, day0 + end_day, np.datetime64("NaT"))
    death_date = np.where(dies, day0 + death_day, np.datetime64("NaT"))

    visits = pd.DataFrame(
        {
            "patient_id": np.repeat(patients["patient_id"].to_numpy(), _T),
            "timepoint": np.tile(_CODES, n),
            "status": status.ravel(),
            "assessed_on": assessed.ravel().astype("datetime64[ns]"),
            "patient_index": np.repeat(rows, _T),
            "study_day": days.ravel(),
        }
    )
    return Schedule(
        visits=visits,
        end_reason=end_reason,
        end_date=end_date.astype("datetime64[ns]"),
        death_date=death_date.astype("datetime64[ns]"),
    )
