"""Which figures the report has and how each is drawn, without loading matplotlib.

The registry of :mod:`ablacem.analysis.figures` (which re-exports it): figure ids in report
order, the drawing function of each and the fitted results it reads. The drawing modules
(and matplotlib with them) are imported when a figure is first drawn, so the report's parent
process, which only queues figures for its workers, starts without them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ablacem.analysis.model import ReportFigure
from ablacem.protocol.timepoints import MONTH_1


def _draw(module: str, function: str) -> Callable[..., ReportFigure]:
    """The drawing function ``function`` of ``ablacem.analysis.figures.<module>`` (imported now)."""
    return getattr(importlib.import_module(f"ablacem.analysis.figures.{module}"), function)


@dataclass(frozen=True)
class FigureSpec:
    """How one figure is drawn.

    Attributes
    ----------
    draw : callable
        ``draw(derived, results)``: the analysis frames (``Derived``) and the entries of the
        fitted results named in ``results``.
    results : tuple of str
        Entries of ``StudyAnalysis.results_`` the figure draws from; empty when it needs the
        frames only (it can then be drawn before the statistics are fitted).
    """

    draw: Callable[[object, Mapping], ReportFigure]
    results: tuple[str, ...] = ()


def _km(endpoint: str, entry: str) -> FigureSpec:
    return FigureSpec(
        lambda d, r: _draw("survival", "kaplan_meier")(d.patients, endpoint, r[entry], alpha=r["options"]["alpha"]),
        (entry, "options"),
    )


#: Figures drawn only when the data hold what they show (figure id -> (applies(derived), draw(derived))),
#: after the others; drawn in the calling process.
OPTIONAL_FIGURES: dict[str, tuple[Callable[[object], bool], Callable[[object], ReportFigure]]] = {}

#: Figure id -> how it is drawn, in report order.
FIGURES: dict[str, FigureSpec] = {
    "strobe_flow": FigureSpec(lambda d, r: _draw("strobe", "strobe_flow")(d.patients, d.visits)),
    "vas_over_time": FigureSpec(lambda d, r: _draw("vas_time", "vas_over_time")(d.visits)),
    "vas_boxplots": FigureSpec(lambda d, r: _draw("vas_box", "vas_boxplots")(d.visits)),
    "vas_waterfall_m1": FigureSpec(
        lambda d, r: _draw("waterfall", "vas_change_waterfall")(d.visits, timepoint=MONTH_1)
    ),
    "omed_over_time": FigureSpec(lambda d, r: _draw("omed", "omed_over_time")(d.visits)),
    "qlqc30_profile": FigureSpec(lambda d, r: _draw("qlqc30_profile", "qlqc30_profile")(d.visits)),
    "km_overall_survival": _km("os", "overall_survival"),
    "km_local_progression_free_survival": _km("lpfs", "local_progression_free_survival"),
    "cumulative_incidence_local_progression": FigureSpec(
        lambda d, r: _draw("cumulative_incidence", "cumulative_incidence")(d.patients, d.lesions)
    ),
    "swimmer": FigureSpec(lambda d, r: _draw("swimmer", "swimmer")(d.patients, d.visits, d.lesions)),
}

#: Figure ids, in report order.
FIGURE_IDS: tuple[str, ...] = tuple(FIGURES)


def _register_optional() -> None:
    from ablacem.analysis.tables.ct_agreement import has_measurements

    OPTIONAL_FIGURES["bland_altman_cement"] = (
        lambda d: has_measurements(d.lesions),
        lambda d: _draw("bland_altman", "cement_bland_altman")(d.lesions),
    )


_register_optional()


def optional_figures(derived) -> list[ReportFigure]:
    """The :data:`OPTIONAL_FIGURES` whose data ``derived`` holds, drawn."""
    return [draw(derived) for applies, draw in OPTIONAL_FIGURES.values() if applies(derived)]


def make_figure(figure_id: str, derived, results: Mapping | None = None) -> ReportFigure:
    """Draw one figure by id.

    Parameters
    ----------
    figure_id : str
        One of :data:`FIGURE_IDS`.
    derived : ablacem.analysis.derive.Derived
        The analysis frames (``patients``, ``visits``, ``lesions``).
    results : mapping, optional
        The fitted results (``StudyAnalysis.results_``, or at least the entries the figure's
        :attr:`FigureSpec.results` names); not needed by figures of the frames only.

    Raises
    ------
    KeyError
        If no figure has this id; the message lists the ids.
    ValueError
        If the figure draws from fitted results that were not given; the message names them.
    """
    if figure_id not in FIGURES:
        raise KeyError(f"unknown figure {figure_id!r}; expected one of {', '.join(FIGURE_IDS)}")
    spec = FIGURES[figure_id]
    missing = [entry for entry in spec.results if entry not in (results or {})]
    if missing:
        raise ValueError(
            f"figure {figure_id!r} draws from the fitted results {', '.join(missing)}: "
            "pass StudyAnalysis(...).fit(dataset).results_"
        )
    return spec.draw(derived, results or {})
