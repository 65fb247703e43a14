"""Figure: swimmer plot of each treated patient's follow-up."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.analysis.model import ReportFigure
from ablacem.protocol import FOLLOW_UP_DAYS
from ablacem.protocol.codelists import DONE

from ._style import PALETTE, deterministic_sample, journal_style, new_figure, no_data, numeric

#: Lanes drawn at most; beyond that a deterministic sample keeps the plot readable.
MAX_PATIENTS = 60


def swimmer(patients: pd.DataFrame, visits: pd.DataFrame, lesions: pd.DataFrame) -> ReportFigure:
    """One lane per treated patient from the procedure (day 0) to the last contact or death.

    Markers: the procedure, each assessment done, the first local progression and death.
    Lanes are sorted by follow-up length (longest at the top). Study IDs are not printed.

    Parameters
    ----------
    patients : DataFrame
        With ``patient_id``, ``treated``, ``last_contact_day``, ``os_days``, ``os_event``.
    visits : DataFrame
        With ``patient_id``, ``status``, ``study_day``.
    lesions : DataFrame
        With ``patient_id``, ``local_progression_day``.

    Returns
    -------
    ReportFigure
        ``id="swimmer"``.
    """
    treated = patients[patients["treated"].fillna(False).astype(bool)]
    kept, sampled = deterministic_sample(treated["patient_id"], MAX_PATIENTS)
    p = treated[treated["patient_id"].isin(kept)].copy()
    p["end"] = numeric(p["last_contact_day"]).fillna(0.0)
    p = p.sort_values(["end", "patient_id"], ascending=[False, True], kind="mergesort").reset_index(drop=True)
    lane = pd.Series(np.arange(len(p)), index=p["patient_id"])
    done = visits[visits["status"].eq(DONE) & visits["patient_id"].isin(lane.index)]
    prog = numeric(lesions["local_progression_day"]).groupby(lesions["patient_id"]).min().reindex(lane.index)
    dead = numeric(p["os_event"]).eq(1).to_numpy()
    with journal_style():
        height = min(9.0, 1.5 + 0.12 * max(len(p), 10))
        fig = new_figure(6.5, height)
        ax = fig.add_subplot()
        if p.empty:
            no_data(fig, ax)
        else:
            y = lane.to_numpy()
            ax.barh(y, p["end"].to_numpy(), height=0.6, color=PALETTE["sky"], alpha=0.6, linewidth=0)
            ax.plot(np.zeros(len(y)), y, "D", color=PALETTE["blue"], markersize=4.5, zorder=4, label="Procedure")
            ax.plot(
                numeric(done["study_day"]),
                done["patient_id"].map(lane),
                "o",
                color=PALETTE["black"],
                markersize=2.5,
                label="Assessment done",
            )
            has_prog = prog.notna().to_numpy()
            ax.plot(
                prog.to_numpy()[has_prog],
                y[has_prog],
                "X",
                color=PALETTE["vermillion"],
                markersize=6,
                label="Local progression",
            )
            ax.plot(
                numeric(p["os_days"]).to_numpy()[dead],
                y[dead],
                "s",
                color=PALETTE["black"],
                markersize=4,
                markerfacecolor="white",
                label="Death",
            )
            ax.set_ylim(len(p) - 0.5, -0.5)
            first = numeric(done["study_day"]).min()
            first = 0.0 if pd.isna(first) else float(first)
            ax.set_xlim(min(-15.0, first - 2), max(FOLLOW_UP_DAYS + 20.0, float(p["end"].max()) + 5))
            ax.set_xticks(range(0, int(ax.get_xlim()[1]) + 1, 30))
            fig.legend(loc="outside lower center", ncols=4)
        ax.set_yticks([])
        ax.set_xlabel("Days since the procedure")
        ax.set_ylabel("Patients")
        ax.set_title("Follow-up of each treated patient")
    caption = (
        "Each lane is one treated patient (longest follow-up at the top), from the procedure (day 0) to the "
        "last date known alive or death. Diamonds mark the procedure, dots assessments done (baseline may "
        "precede day 0), crosses the first CT showing local tumour progression, open squares death."
    )
    if sampled:
        caption += (
            f" For readability a deterministic sample of {len(p)} of {len(treated)} treated patients is shown "
            "(evenly spaced by study ID)."
        )
    else:
        caption += f" All {len(p)} treated patients are shown."
    return ReportFigure("swimmer", "Swimmer plot of follow-up", fig, caption, section="Local control and survival")
