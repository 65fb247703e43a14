"""Figure: cumulative incidence of local tumour progression, death as a competing risk."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from lifelines import AalenJohansenFitter

from ablacem.analysis.model import ReportFigure
from ablacem.analysis.stats.survival import (
    CENSORED,
    DEATH,
    PROGRESSION,
    TIE_SHIFT_DAYS,
    local_progression_causes,
)
from ablacem.protocol import FOLLOW_UP_DAYS

from ._style import PALETTE, journal_style, new_figure, no_data, numeric
from .survival import TIME_TICKS, at_risk_table, display_limit, draw_step_curve, limit_note, until


def competing_events(patients: pd.DataFrame, lesions: pd.DataFrame) -> pd.DataFrame:
    """Time and cause of the first event (:func:`~ablacem.analysis.stats.survival.local_progression_causes`).

    Returns
    -------
    DataFrame
        ``patient_id``, ``time`` (``lpfs_days``), ``cause`` for patients with a valid follow-up time.
    """
    t = numeric(patients["lpfs_days"])
    cause = local_progression_causes(patients, lesions)
    out = pd.DataFrame({"patient_id": patients["patient_id"], "time": t, "cause": cause})
    return out[t.notna()].reset_index(drop=True)


def cumulative_incidence(patients: pd.DataFrame, lesions: pd.DataFrame) -> ReportFigure:
    """Aalen-Johansen cumulative incidence of local progression with death as a competing risk.

    Estimated with lifelines' ``AalenJohansenFitter`` (Aalen & Johansen, Scand J Stat 1978).
    lifelines would break a tie between the two event types by random jitter, which can also
    move an event past a censoring on the same day and so change the estimate; instead the other
    event type is moved a millionth of a day earlier, as in
    :func:`ablacem.analysis.stats.survival.cumulative_incidence` (the table's numbers), so the
    curve is deterministic and agrees with the table. The at-risk row counts patients still
    free of both events and under observation.

    Parameters
    ----------
    patients : DataFrame
        With ``patient_id``, ``lpfs_days``, ``lpfs_event``.
    lesions : DataFrame
        With ``patient_id`` and ``local_progression_day``.

    Returns
    -------
    ReportFigure
        ``id="cumulative_incidence_local_progression"``.
    """
    events = competing_events(patients, lesions)
    t, cause = events["time"].to_numpy(), events["cause"].to_numpy()
    with journal_style():
        fig = new_figure(6.5, 4.8)
        ax, table = fig.subplots(2, 1, sharex=True, height_ratios=[4, 1])
        if t.size == 0:
            no_data(fig, ax)
        else:
            ax.set_xlim(0, max(FOLLOW_UP_DAYS, display_limit(t)) + 5)
            for code, colour, label in (
                (PROGRESSION, PALETTE["vermillion"], "Local progression"),
                (DEATH, PALETTE["grey"], "Death without local progression"),
            ):
                if not (cause == code).any():
                    continue
                # events of the other type first on a tied day: no tie left for lifelines to jitter
                shifted = np.where((cause != CENSORED) & (cause != code), t - TIE_SHIFT_DAYS, t)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    ajf = AalenJohansenFitter().fit(shifted, cause, event_of_interest=code)
                # Times are whole days: undo the shift by keeping the value at the end of each day.
                day = np.round(ajf.cumulative_density_.index.to_numpy(dtype=float))
                est = ajf.cumulative_density_.groupby(day).last()
                ci = ajf.confidence_interval_.reindex(ajf.cumulative_density_.index).ffill().fillna(0.0)
                ci = ci.groupby(day).last()
                draw_step_curve(ax, until(est, display_limit(t)), until(ci, display_limit(t)), colour)
                ax.plot([], [], color=colour, label=label)
            ax.set_ylim(0, 1.0)
            ticks = TIME_TICKS[ax.get_xlim()[1] >= TIME_TICKS]
            ax.set_xticks(ticks)
            at_risk_table(table, t, (cause != CENSORED).astype(int), ticks)
            if ax.get_legend_handles_labels()[0]:  # no curve when neither event occurred
                ax.legend(loc="upper left")
        ax.set_ylabel("Cumulative incidence")
        ax.set_xlabel("Days since the procedure")
        ax.tick_params(labelbottom=True)
        ax.set_title("Cumulative incidence of local tumour progression")
    n_prog, n_death = int((cause == PROGRESSION).sum()), int((cause == DEATH).sum())
    caption = (
        "Aalen-Johansen estimate of the cumulative incidence of local tumour progression at any treated lesion, "
        "with death before progression as a competing event, and 95% confidence bands. "
        f"n = {t.size} treated patients: {n_prog} local progressions, {n_death} deaths first. "
        "The table gives the patients still at risk of either event and the cumulative events of either kind."
    )
    if t.size:
        caption += limit_note(t, display_limit(t))
    return ReportFigure(
        "cumulative_incidence_local_progression",
        "Cumulative incidence of local progression",
        fig,
        caption,
        section="Local control and survival",
    )
