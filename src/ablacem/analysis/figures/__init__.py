"""The report's figures, one module per figure, each a function returning a ``ReportFigure``.

:func:`make_figure` draws one by id (:data:`FIGURE_IDS` in report order) from the analysis
frames and, for the figures that show a fitted estimate, from the fitted results
(``StudyAnalysis.results_``), so a figure shows the numbers the tables report. A caller can
save and close each figure before the next is drawn (memory stays flat for large cohorts).
The registry itself lives in :mod:`ablacem.analysis.figure_specs` (re-exported here), which
the report's parent process reads without importing matplotlib.
"""

from __future__ import annotations

from ablacem.analysis.figure_specs import (
    FIGURE_IDS,
    FIGURES,
    OPTIONAL_FIGURES,
    FigureSpec,
    make_figure,
    optional_figures,
)

from .bland_altman import cement_bland_altman
from .cumulative_incidence import cumulative_incidence
from .omed import omed_over_time
from .qlqc30_profile import qlqc30_profile
from .strobe import flow_counts, strobe_flow
from .survival import kaplan_meier
from .swimmer import swimmer
from .vas_box import vas_boxplots
from .vas_time import vas_over_time
from .waterfall import vas_change_waterfall

__all__ = [
    "FIGURES",
    "FIGURE_IDS",
    "OPTIONAL_FIGURES",
    "FigureSpec",
    "cement_bland_altman",
    "cumulative_incidence",
    "flow_counts",
    "kaplan_meier",
    "make_figure",
    "omed_over_time",
    "optional_figures",
    "qlqc30_profile",
    "strobe_flow",
    "swimmer",
    "vas_boxplots",
    "vas_change_waterfall",
    "vas_over_time",
]
