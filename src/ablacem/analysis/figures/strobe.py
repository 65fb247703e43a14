"""Figure: STROBE participant flow with counts and reasons at each step."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ablacem.analysis.model import ReportFigure
from ablacem.protocol import TIMEPOINTS

from ._style import PALETTE, journal_style, new_figure

#: Why a scheduled assessment was not done, in the order the diagram lists reasons.
REASONS = {
    "died": "died",
    "withdrawn": "withdrew",
    "lost": "lost to follow-up",
    "missed": "missed",
    "not_due": "not yet due",
    "not_recorded": "no record",
}


@dataclass
class FlowStep:
    """One box of the flow: who is counted, and who left or was not assessed, and why."""

    label: str
    n: int
    excluded: dict[str, int] = field(default_factory=dict)
    excluded_label: str = "Not assessed"


def flow_counts(patients: pd.DataFrame, visits: pd.DataFrame) -> list[FlowStep]:
    """Counts for the STROBE flow diagram (von Elm et al., Lancet 2007;370:1453-7, item 13).

    Steps: enrolled; treated (with the reasons the others were not: end-of-study reason, or
    "no procedure recorded"); then, for each scheduled timepoint, the treated patients assessed
    and the reasons the others were not (the visit status; a missed or unrecorded visit of a
    patient whose end-of-study reason is "lost" counts as lost to follow-up).

    Parameters
    ----------
    patients : DataFrame
        With ``patient_id``, ``treated``, ``end_reason``.
    visits : DataFrame
        One row per treated patient and timepoint with ``patient_id``, ``timepoint``, ``status``.

    Returns
    -------
    list of FlowStep
    """
    treated = patients["treated"].fillna(False).astype(bool)
    untreated_reason = patients.loc[~treated, "end_reason"].map(
        {"died": "died", "withdrew": "withdrew", "lost": "lost to follow-up"}
    )
    not_treated = untreated_reason.fillna("no procedure recorded").value_counts()
    steps = [
        FlowStep("Enrolled", len(patients)),
        FlowStep("Treated (ablation + cementoplasty)", int(treated.sum()), dict(not_treated), "Not treated"),
    ]
    lost = set(patients.loc[patients["end_reason"].eq("lost"), "patient_id"])
    treated_ids = patients.loc[treated, "patient_id"]
    for tp in TIMEPOINTS:
        v = visits[visits["timepoint"].eq(tp.code)].drop_duplicates("patient_id").set_index("patient_id")
        status = v["status"].reindex(treated_ids).fillna("not_recorded")
        status = status.where(~(status.isin(["missed", "not_recorded"]) & status.index.isin(lost)), "lost")
        counts = status.value_counts()
        reasons = {REASONS[k]: int(counts[k]) for k in REASONS if counts.get(k, 0)}
        other = int(counts.drop([*REASONS, "done"], errors="ignore").sum())
        if other:
            reasons["other"] = other
        steps.append(FlowStep(f"Assessed at {tp.label.lower()}", int(counts.get("done", 0)), reasons))
    return steps


def strobe_flow(patients: pd.DataFrame, visits: pd.DataFrame) -> ReportFigure:
    """The STROBE flow diagram: a box per step with its count, a side box with the reasons.

    Parameters
    ----------
    patients, visits : DataFrame
        See :func:`flow_counts`.

    Returns
    -------
    ReportFigure
        ``id="strobe_flow"``.
    """
    steps = flow_counts(patients, visits)
    box = {"boxstyle": "round,pad=0.45", "facecolor": "white", "edgecolor": PALETTE["black"], "linewidth": 0.8}
    side = {**box, "facecolor": "#F2F2F2", "edgecolor": PALETTE["grey"]}
    with journal_style():
        fig = new_figure(7.0, 1.1 * len(steps) + 0.4)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_xlim(0, 1)
        ax.set_ylim(len(steps) - 0.5, -0.5)
        for i, step in enumerate(steps):
            main = ax.text(0.27, i, f"{step.label}\nn = {step.n}", ha="center", va="center", fontsize=9, bbox=box)
            if i:
                ax.annotate(
                    "",
                    xy=(0.27, i - 0.28),
                    xytext=(0.27, i - 0.72),
                    arrowprops={"arrowstyle": "-|>", "color": PALETTE["black"], "linewidth": 0.8},
                )
            if step.excluded:
                total = sum(step.excluded.values())
                lines = [f"{step.excluded_label}: n = {total}"]
                lines += [f"  {reason}: {k}" for reason, k in step.excluded.items()]
                between = step.excluded_label == "Not treated"  # branches off the arrow into the step
                y = i - 0.5 if between else i
                note = ax.text(0.62, y, "\n".join(lines), ha="left", va="center", fontsize=8, bbox=side)
                # Arrow from the main line (or the step's box edge) to the side box's edge.
                ax.annotate(
                    "",
                    xy=(0, 0.5),
                    xycoords=note,
                    xytext=(0.27, y) if between else (1, 0.5),
                    textcoords="data" if between else main,
                    arrowprops={
                        "arrowstyle": "-|>",
                        "color": PALETTE["grey"],
                        "linewidth": 0.8,
                        "shrinkA": 0 if between else 6,
                        "shrinkB": 6,
                    },
                )
        ax.set_title("Participant flow (STROBE)")
    caption = (
        "Flow of participants through the study (STROBE statement, von Elm et al. 2007). Every count is of "
        "patients; reasons are the recorded visit status or, for patients not treated, the end-of-study reason. "
        "A missed or unrecorded visit of a patient later lost to follow-up is counted as lost."
    )
    return ReportFigure("strobe_flow", "Participant flow", fig, caption, section="Study population")
