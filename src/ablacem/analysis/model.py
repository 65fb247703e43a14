"""The pieces a report is made of: tables and figures, independent of how they are rendered."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # matplotlib loads only where figures are drawn
    from matplotlib.figure import Figure


@dataclass
class ReportTable:
    """One table of the report.

    Attributes
    ----------
    id : str
        Stable identifier (``table1``, ``procedure``, ...): the Excel sheet name and the anchor
        in the HTML report.
    title : str
        Journal-style title ("Table 1. Baseline characteristics").
    frame : DataFrame
        Display-ready cells (formatted strings or plain numbers); the index is not shown.
    note : str
        Footnote: abbreviations, tests used, what n counts.
    section : str
        Report section the table belongs to.
    """

    id: str
    title: str
    frame: pd.DataFrame
    note: str = ""
    section: str = ""


@dataclass
class ReportFigure:
    """One figure of the report.

    Attributes
    ----------
    id : str
        Stable identifier; the file name stem under ``figures/``.
    title : str
        Figure title.
    figure : matplotlib.figure.Figure
        The drawn figure (rendered to SVG for HTML, PNG at 300 dpi and SVG on disk).
    caption : str
        Legend text.
    section : str
        Report section the figure belongs to.
    """

    id: str
    title: str
    figure: Figure
    caption: str = ""
    section: str = ""
