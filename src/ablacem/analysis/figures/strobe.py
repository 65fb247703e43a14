"""Figure: STROBE participant flow with counts and reasons at each step."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ablacem.analysis.derive.visits import visit_reasons
from ablacem.analysis.model import ReportFigure
from ablacem.protocol import TIMEPOINTS

from ._style import PALETTE, journal_style, new_figure

#: Why a treated patient was not assessed at a timepoint (:func:`visit_reasons`), in the order
#: the diagram lists them, with the diagram's wording.
REASONS = {
    "died": "died",
    "withdrew": "withdrew",
    "lost to follow-up": "lost to follow-up",
    "missed": "missed",
    "not yet due": "not yet due",
    "not recorded": "no record",
}
#: Reasons of a visit that took place (with or without the pain score).
ASSESSED = ("received", "done, value missing")


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
    (the visit was done) and the reasons the others were not, attributed as in the missing-data
    table (:func:`ablacem.analysis.derive.visits.visit_reasons`: the visit status; for instance a
    missed or unrecorded visit after death or loss to follow-up counts as died or lost).

    Parameters
    ----------
    patients : DataFrame
        With ``patient_id``, ``treated``, ``end_reason``, ``end_date``, ``death_date``.
    visits : DataFrame
        One row per treated patient and timepoint with ``patient_id``, ``timepoint``, ``status``,
        ``procedure_date`` (a treated patient without a row at a timepoint counts as no record).

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
    treated_ids = patients.loc[treated, "patient_id"]
    why = visits[["patient_id", "timepoint"]].assign(reason=visit_reasons(visits, patients))
    for tp in TIMEPOINTS:
        at = why[why["timepoint"].eq(tp.code)].drop_duplicates("patient_id").set_index("patient_id")
        counts = at["reason"].reindex(treated_ids).fillna("not recorded").value_counts()
        reasons = {label: int(counts[k]) for k, label in REASONS.items() if counts.get(k, 0)}
        assessed = sum(int(counts.get(k, 0)) for k in ASSESSED)
        steps.append(FlowStep(f"Assessed at {tp.label.lower()}", assessed, reasons))
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
        "patients; reasons are the visit status, attributed as in the missing-data table (for instance a missed "
        "or unrecorded visit after death or loss to follow-up counts as died or lost) or, for patients not "
        "treated, the end-of-study reason."
    )
    return ReportFigure("strobe_flow", "Participant flow", fig, caption, section="Study population")
