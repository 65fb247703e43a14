"""Kaplan-Meier survival and Aalen-Johansen cumulative incidence (lifelines)."""

from __future__ import annotations

import warnings as _warnings

import numpy as np
import pandas as pd

from ablacem.protocol import FOLLOW_UP_DAYS

#: Days at which numbers at risk are reported (the scheduled visits).
AT_RISK_DAYS = (0, 7, 30, 60, 90)
#: Competing events are moved this many days earlier so lifelines sees no tie with the event of
#: interest (see :func:`cumulative_incidence`).
TIE_SHIFT_DAYS = 1e-6
#: Cause codes of the competing-risks analysis of local progression (see :func:`local_progression_causes`).
CENSORED, PROGRESSION, DEATH = 0, 1, 2


def horizon_key(horizon: float) -> str:
    """Key of the estimate at ``horizon`` days in a result dict: ``at_90_days``, ``at_60_days``, ``at_7.5_days``."""
    return f"at_{horizon:g}_days"


def local_progression_causes(patients: pd.DataFrame, lesions: pd.DataFrame) -> pd.Series:
    """How each patient's local-progression-free follow-up ends: progression, death first, or censored.

    The end is at ``lpfs_days`` (first local progression or death, else the last CT). It is a
    local progression (:data:`PROGRESSION`) when the patient's earliest
    ``local_progression_day`` over their lesions is on or before that time, a death without
    prior progression (:data:`DEATH`, the competing event) when ``lpfs_event`` is 1 without
    such a progression, else censored (:data:`CENSORED`). Local tumour progression as in Ahmed
    et al., Radiology 2014;273:241-260.

    Parameters
    ----------
    patients : DataFrame
        With ``patient_id``, ``lpfs_days`` and ``lpfs_event``.
    lesions : DataFrame
        With ``patient_id`` and ``local_progression_day``.

    Returns
    -------
    Series
        Cause code per row of ``patients`` (same index).
    """
    first_prog = pd.to_numeric(lesions["local_progression_day"], errors="coerce").groupby(lesions["patient_id"]).min()
    prog = patients["patient_id"].map(first_prog).astype("float64")
    t = pd.to_numeric(patients["lpfs_days"], errors="coerce").astype("float64")
    event = pd.to_numeric(patients["lpfs_event"], errors="coerce").eq(1)
    cause = np.where(event & prog.notna() & (prog <= t), PROGRESSION, np.where(event, DEATH, CENSORED))
    return pd.Series(cause, index=patients.index, name="cause")


def _clean(durations, events) -> tuple[np.ndarray, np.ndarray, int]:
    t = np.asarray(durations, dtype="float64")
    e = np.asarray(events, dtype="float64")
    ok = ~np.isnan(t) & ~np.isnan(e)
    return t[ok], e[ok].astype(int), int((~ok).sum())


def kaplan_meier(
    durations, events, *, horizon: float = FOLLOW_UP_DAYS, at_risk_days=AT_RISK_DAYS, alpha: float = 0.05
) -> dict:
    """Kaplan-Meier estimate with numbers at risk (Kaplan EL, Meier P. JASA 1958;53:457-481).

    Fitted with ``lifelines.KaplanMeierFitter`` (Greenwood variance, exponential
    ("log-log") confidence interval, as lifelines computes it).

    Parameters
    ----------
    durations : array-like
        Days from day 0 to event or censoring; missing values are left out and counted.
    events : array-like
        1 for an event, 0 for censored.
    horizon : float
        Day at which the survival probability is reported (key :func:`horizon_key`).
    at_risk_days : sequence of float
        Days at which the number still at risk is reported.
    alpha : float
        1 - confidence level.

    Returns
    -------
    dict
        ``km`` (``time_days``, ``survival``, ``ci_lower``, ``ci_upper``: the step function),
        ``horizon_key(horizon)`` (``at_90_days`` for 90), ``ci95_at_horizon``, ``at_risk``
        (``{"day": [...], "n": [...]}``), ``n``, ``events``, ``excluded`` (missing times),
        ``median_days`` (None when not reached).
    """
    t, e, excluded = _clean(durations, events)
    key = horizon_key(horizon)
    out = {"n": int(t.size), "events": int(e.sum()), "excluded": excluded}
    if t.size == 0:
        return {
            **out,
            "km": {"time_days": [], "survival": [], "ci_lower": [], "ci_upper": []},
            key: None,
            "ci95_at_horizon": [None, None],
            "at_risk": {"day": list(at_risk_days), "n": [0] * len(at_risk_days)},
            "median_days": None,
        }
    # Imported here: lifelines loads once the report's figure workers run beside the statistics.
    from lifelines import KaplanMeierFitter

    kmf = KaplanMeierFitter(alpha=alpha).fit(t, e)
    sf = kmf.survival_function_.iloc[:, 0]
    ci = kmf.confidence_interval_survival_function_
    at_h = float(kmf.survival_function_at_times(horizon).iloc[0])
    ci_h = ci[ci.index <= horizon].iloc[-1]
    median = kmf.median_survival_time_
    return {
        **out,
        "km": {
            "time_days": [float(x) for x in sf.index],
            "survival": [float(x) for x in sf.to_numpy()],
            "ci_lower": [float(x) for x in ci.iloc[:, 0].to_numpy()],
            "ci_upper": [float(x) for x in ci.iloc[:, 1].to_numpy()],
        },
        key: at_h,
        "ci95_at_horizon": [float(ci_h.iloc[0]), float(ci_h.iloc[1])],
        "at_risk": {"day": list(at_risk_days), "n": [int((t >= d).sum()) for d in at_risk_days]},
        "median_days": None if not np.isfinite(median) else float(median),
    }


def cumulative_incidence(durations, events, *, event_of_interest: int = 1, horizon: float = FOLLOW_UP_DAYS) -> dict:
    """Aalen-Johansen cumulative incidence of one event type with competing events.

    Aalen OO, Johansen S. Scand J Stat 1978;5:141-150; fitted with
    ``lifelines.AalenJohansenFitter``. lifelines breaks ties between different event types by
    random jitter; the estimate does not depend on the order of tied events of different types,
    so competing events are instead moved a millionth of a day earlier (deterministic, and still
    before any censoring at the same time, the usual convention); reported times are rounded
    back.

    Parameters
    ----------
    durations : array-like
        Days from day 0 to the first event or censoring.
    events : array-like
        0 censored, ``event_of_interest`` the event of interest, any other positive code a
        competing event.
    event_of_interest : int
    horizon : float
        Day at which the cumulative incidence is reported.

    Returns
    -------
    dict
        ``{"time_days", "incidence", horizon_key(horizon), "n", "events", "competing", "excluded"}``.
    """
    t, e, excluded = _clean(durations, events)
    key = horizon_key(horizon)
    out = {
        "n": int(t.size),
        "events": int((e == event_of_interest).sum()),
        "competing": int(((e != event_of_interest) & (e != 0)).sum()),
        "excluded": excluded,
    }
    if out["events"] == 0:
        return {**out, "time_days": [0.0], "incidence": [0.0], key: 0.0 if t.size else None}
    from lifelines import AalenJohansenFitter

    shifted = np.where((e != 0) & (e != event_of_interest), t - TIE_SHIFT_DAYS, t)
    with _warnings.catch_warnings():
        _warnings.simplefilter("ignore")
        ajf = AalenJohansenFitter(calculate_variance=False).fit(shifted, e, event_of_interest=event_of_interest)
    cif = ajf.cumulative_density_.iloc[:, 0]
    times = np.round(cif.index.to_numpy(dtype="float64"), 5)
    frame = pd.Series(cif.to_numpy(), index=times).groupby(level=0).last()
    at_h = float(frame[frame.index <= horizon].iloc[-1]) if (frame.index <= horizon).any() else 0.0
    return {
        **out,
        "time_days": [float(x) for x in frame.index],
        "incidence": [float(x) for x in frame.to_numpy()],
        key: at_h,
    }
