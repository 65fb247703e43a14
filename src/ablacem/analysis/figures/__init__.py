"""The report's figures, one module per figure, each a function returning a ``ReportFigure``.

:func:`draw_figures` yields them in report order, one at a time, so a caller can save and close
each before the next is drawn (memory stays flat for large cohorts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ablacem.analysis.model import ReportFigure

from .cumulative_incidence import cumulative_incidence
from .omed import omed_over_time
from .qlqc30_profile import qlqc30_profile
from .strobe import flow_counts, strobe_flow
from .survival import kaplan_meier
from .swimmer import swimmer
from .vas_box import vas_boxplots
from .vas_time import vas_over_time
from .waterfall import vas_change_waterfall


def figure_makers(derived) -> list[tuple[str, Callable[[], ReportFigure]]]:
    """``(figure id, zero-argument function drawing it)`` for every figure, in report order.

    Parameters
    ----------
    derived : ablacem.analysis.derive.Derived
        The analysis frames (``patients``, ``visits``, ``lesions``).
    """
    p, v, les = derived.patients, derived.visits, derived.lesions
    return [
        ("strobe_flow", lambda: strobe_flow(p, v)),
        ("vas_over_time", lambda: vas_over_time(v)),
        ("vas_boxplots", lambda: vas_boxplots(v)),
        ("vas_waterfall_m1", lambda: vas_change_waterfall(v, timepoint="m1")),
        ("omed_over_time", lambda: omed_over_time(v)),
        ("qlqc30_profile", lambda: qlqc30_profile(v)),
        ("km_overall_survival", lambda: kaplan_meier(p, "os")),
        ("km_local_progression_free_survival", lambda: kaplan_meier(p, "lpfs")),
        ("cumulative_incidence_local_progression", lambda: cumulative_incidence(p, les)),
        ("swimmer", lambda: swimmer(p, v, les)),
    ]


#: Figure ids, in report order.
FIGURE_IDS: tuple[str, ...] = (
    "strobe_flow",
    "vas_over_time",
    "vas_boxplots",
    "vas_waterfall_m1",
    "omed_over_time",
    "qlqc30_profile",
    "km_overall_survival",
    "km_local_progression_free_survival",
    "cumulative_incidence_local_progression",
    "swimmer",
)


def make_figure(figure_id: str, derived) -> ReportFigure:
    """Draw one figure by id.

    Raises
    ------
    KeyError
        If no figure has this id; the message lists the ids.
    """
    for fid, make in figure_makers(derived):
        if fid == figure_id:
            return make()
    raise KeyError(f"unknown figure {figure_id!r}; expected one of {', '.join(FIGURE_IDS)}")


def draw_figures(derived) -> Iterator[ReportFigure]:
    """Draw every figure, in report order, one at a time."""
    for _, make in figure_makers(derived):
        yield make()


__all__ = [
    "FIGURE_IDS",
    "cumulative_incidence",
    "draw_figures",
    "figure_makers",
    "flow_counts",
    "kaplan_meier",
    "make_figure",
    "omed_over_time",
    "qlqc30_profile",
    "strobe_flow",
    "swimmer",
    "vas_boxplots",
    "vas_change_waterfall",
    "vas_over_time",
]
