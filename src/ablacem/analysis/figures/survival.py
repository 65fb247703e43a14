"""Figures: Kaplan-Meier curves with numbers at risk (overall and local-progression-free survival)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ablacem.analysis.model import ReportFigure
from ablacem.protocol import FOLLOW_UP_DAYS

from ._style import PALETTE, journal_style, new_figure, no_data, numeric

#: Ticks of the time axis (days from the procedure), one per month of follow-up.
TIME_TICKS = np.arange(0, FOLLOW_UP_DAYS + 31, 30)
#: Censoring ticks are drawn when there are at most this many distinct censoring times.
MAX_CENSOR_MARKS = 100
#: A curve stops where fewer than this share of the patients is still at risk: estimates at the
#: tail rest on a handful of patients and mislead (Pocock SJ, Clayton TC, Altman DG. Survival
#: plots of time-to-event outcomes in clinical trials. Lancet 2002;359:1686-1689).
MIN_AT_RISK_SHARE = 0.10

_ENDPOINTS = {
    "os": (
        "os_days",
        "os_event",
        "km_overall_survival",
        "Overall survival",
        "death from any cause; censored at the last date known alive",
    ),
    "lpfs": (
        "lpfs_days",
        "lpfs_event",
        "km_local_progression_free_survival",
        "Local-progression-free survival",
        "local tumour progression at any treated lesion or death, whichever came first; censored at the last CT",
    ),
}


def _time_event(patients: pd.DataFrame, days: str, event: str) -> tuple[np.ndarray, np.ndarray, int]:
    t = numeric(patients[days])
    e = numeric(patients[event])
    keep = t.notna() & e.notna()
    return t[keep].to_numpy(), e[keep].to_numpy().astype(int), int((~keep).sum())


def display_limit(t: np.ndarray) -> float:
    """Last time at which at least ``MIN_AT_RISK_SHARE`` of the patients (at least one) is at risk.

    That is the k-th longest follow-up time, k = ceil(share x n): at that time k or more patients
    have time >= it, at any later time fewer than k.
    """
    need = max(1, math.ceil(MIN_AT_RISK_SHARE * t.size))
    return float(np.sort(t)[::-1][need - 1])


def until(frame: pd.DataFrame, limit: float) -> pd.DataFrame:
    """A step function's rows up to ``limit``, with its last value carried to ``limit``."""
    kept = frame[frame.index <= limit]
    if len(kept) and kept.index[-1] < limit:
        kept = pd.concat([kept, kept.iloc[[-1]].set_axis([limit])])
    return kept


def limit_note(t: np.ndarray, limit: float) -> str:
    """Caption sentence when a curve stops before the last follow-up time, else empty."""
    if not t.size or limit >= float(t.max()):
        return ""
    return (
        f" The curve stops at day {limit:g}, after which fewer than {100 * MIN_AT_RISK_SHARE:.0f}% of the patients "
        "remain at risk (Pocock et al., Lancet 2002)."
    )


def draw_step_curve(ax, estimate: pd.DataFrame, ci: pd.DataFrame, colour: str) -> None:
    """Draw a right-continuous step estimate with its confidence band (lifelines frames)."""
    x = estimate.index.to_numpy(dtype=float)
    ax.step(x, estimate.iloc[:, 0].to_numpy(), where="post", color=colour)
    ax.fill_between(
        x, ci.iloc[:, 0].to_numpy(), ci.iloc[:, 1].to_numpy(), step="post", color=colour, alpha=0.2, linewidth=0
    )


def at_risk_table(ax, t: np.ndarray, e: np.ndarray, ticks: np.ndarray) -> None:
    """Numbers at risk (time >= tick) and cumulative events (time <= tick) under a curve, per tick."""
    ax.set_ylim(-0.5, 1.5)
    ax.set_yticks([1, 0], ["At risk", "Events"])
    for tick in ticks:
        ax.text(tick, 1, str(int(np.sum(t >= tick))), ha="center", va="center", fontsize=8)
        ax.text(tick, 0, str(int(np.sum(e[t <= tick]))), ha="center", va="center", fontsize=8)
    ax.tick_params(axis="both", length=0)
    ax.tick_params(axis="y", pad=4 + 2.7 * len(str(t.size)))  # clear of the first count, centred on day 0
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelbottom=False)


def fitted_frames(fit: Mapping) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The step function and its confidence band of a fitted Kaplan-Meier result, as frames.

    Parameters
    ----------
    fit : mapping
        A result of :func:`ablacem.analysis.stats.survival.kaplan_meier` (its ``km`` entry:
        ``time_days``, ``survival``, ``ci_lower``, ``ci_upper``).

    Returns
    -------
    estimate, band : DataFrame
        Indexed by day: the survival probability; the lower and upper limits.
    """
    km = fit["km"]
    days = pd.Index(np.asarray(km["time_days"], dtype=float), name="day")
    estimate = pd.DataFrame({"survival": np.asarray(km["survival"], dtype=float)}, index=days)
    band = pd.DataFrame({"lower": km["ci_lower"], "upper": km["ci_upper"]}, index=days, dtype=float)
    return estimate, band


def step_values(estimate: pd.DataFrame, at: np.ndarray) -> np.ndarray:
    """Values of a right-continuous step function (first column of ``estimate``) at the days ``at``."""
    days = estimate.index.to_numpy(dtype=float)
    return estimate.iloc[:, 0].to_numpy()[np.searchsorted(days, at, side="right") - 1]


def kaplan_meier(patients: pd.DataFrame, endpoint: str, fit: Mapping, *, alpha: float = 0.05) -> ReportFigure:
    """Kaplan-Meier curve with its pointwise confidence band and a numbers-at-risk table.

    The curve and the band are the fitted result of the analysis
    (:func:`ablacem.analysis.stats.survival.kaplan_meier`: lifelines' ``KaplanMeierFitter``,
    Greenwood variance, log-log band; Kaplan & Meier, JASA 1958), so the figure shows the
    numbers the tables report, at the analysis's ``alpha``. The at-risk table counts patients
    still under observation at each tick (time >= tick) and the cumulative events up to it
    (time <= tick), as R's survminer does; it is drawn here rather than with lifelines'
    ``add_at_risk_counts``, which calls ``pyplot.tight_layout`` and so touches pyplot's global
    figure state.

    Parameters
    ----------
    patients : DataFrame
        One row per patient with ``os_days``/``os_event`` and ``lpfs_days``/``lpfs_event``
        (days from the procedure; NaN for patients who were not treated).
    endpoint : {"os", "lpfs"}
        Overall survival or local-progression-free survival.
    fit : mapping
        The fitted estimate of that endpoint (``results_["overall_survival"]`` or
        ``results_["local_progression_free_survival"]`` of a fitted ``StudyAnalysis``).
    alpha : float
        The 1 - confidence level the band was fitted with (named in the caption).

    Returns
    -------
    ReportFigure
        ``id="km_overall_survival"`` or ``id="km_local_progression_free_survival"``.
    """
    days, event, fig_id, title, definition = _ENDPOINTS[endpoint]
    t, e, excluded = _time_event(patients, days, event)
    with journal_style():
        fig = new_figure(6.5, 4.8)
        ax, table = fig.subplots(2, 1, sharex=True, height_ratios=[4, 1])
        if t.size == 0:
            no_data(fig, ax)
        else:
            estimate, band = fitted_frames(fit)
            limit = display_limit(t)
            draw_step_curve(ax, until(estimate, limit), until(band, limit), PALETTE["blue"])
            censored = np.unique(t[(e == 0) & (t <= limit)])
            if censored.size > MAX_CENSOR_MARKS:
                censored = censored[:0]  # thousands of ticks would hide the curve
            ax.plot(
                censored,
                step_values(estimate, censored),
                "|",
                color=PALETTE["blue"],
                markersize=6,
                markeredgewidth=1,
            )
            ax.set_xlim(0, max(FOLLOW_UP_DAYS, limit) + 5)
            ax.set_ylim(0, 1.02)
            ticks = TIME_TICKS[ax.get_xlim()[1] >= TIME_TICKS]
            ax.set_xticks(ticks)
            at_risk_table(table, t, e, ticks)
        ax.set_ylabel(f"{title} probability")
        ax.set_title(title)
        ax.tick_params(labelbottom=True)
        ax.set_xlabel("Days since the procedure")
    n_censor_times = np.unique(t[e == 0]).size
    censor_note = "; ticks mark censored patients" if 0 < n_censor_times <= MAX_CENSOR_MARKS else ""
    caption = (
        f"Kaplan-Meier estimate of {title.lower()} ({definition}) with its pointwise {100 * (1 - alpha):g}% "
        "confidence band "
        f"(Greenwood variance, log-log transform){censor_note}. The table gives the numbers "
        f"still at risk and the cumulative events at each time. n = {t.size} treated patients, {int(e.sum())} events."
    )
    if t.size:
        caption += limit_note(t, display_limit(t))
    if excluded:
        caption += f" {excluded} enrolled patient(s) without a procedure or a valid follow-up time are not included."
    return ReportFigure(fig_id, title, fig, caption, section="Local control and survival")
