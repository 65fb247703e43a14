"""The report's figures, one module per figure, each a function returning a ``ReportFigure``.

:func:`make_figure` draws one by id (:data:`FIGURE_IDS` in report order), so a caller can save and
close each before the next is drawn (memory stays flat for large cohorts).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

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

#: Figure id -> function drawing it from the analysis frames (``Derived``), in report order.
_MAKERS: dict[str, Callable[..., ReportFigure]] = {
    "strobe_flow": lambda d: strobe_flow(d.patients, d.visits),
    "vas_over_time": lambda d: vas_over_time(d.visits),
    "vas_boxplots": lambda d: vas_boxplots(d.visits),
    "vas_waterfall_m1": lambda d: vas_change_waterfall(d.visits, timepoint="m1"),
    "omed_over_time": lambda d: omed_over_time(d.visits),
    "qlqc30_profile": lambda d: qlqc30_profile(d.visits),
    "km_overall_survival": lambda d: kaplan_meier(d.patients, "os"),
    "km_local_progression_free_survival": lambda d: kaplan_meier(d.patients, "lpfs"),
    "cumulative_incidence_local_progression": lambda d: cumulative_incidence(d.patients, d.lesions),
    "swimmer": lambda d: swimmer(d.patients, d.visits, d.lesions),
}

#: Figure ids, in report order.
FIGURE_IDS: tuple[str, ...] = tuple(_MAKERS)


def figure_makers(derived) -> list[tuple[str, Callable[[], ReportFigure]]]:
    """``(figure id, zero-argument function drawing it)`` for every figure, in report order.

    Parameters
    ----------
    derived : ablacem.analysis.derive.Derived
        The analysis frames (``patients``, ``visits``, ``lesions``).
    """
    return [(fid, partial(make, derived)) for fid, make in _MAKERS.items()]


def make_figure(figure_id: str, derived) -> ReportFigure:
    """Draw one figure by id.

    Raises
    ------
    KeyError
        If no figure has this id; the message lists the ids.
    """
    if figure_id not in _MAKERS:
        raise KeyError(f"unknown figure {figure_id!r}; expected one of {', '.join(FIGURE_IDS)}")
    return _MAKERS[figure_id](derived)


__all__ = [
    "FIGURE_IDS",
    "cumulative_incidence",
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
