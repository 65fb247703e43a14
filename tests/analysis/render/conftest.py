"""Hand-made report pieces for the writer tests."""

import numpy as np
import pandas as pd
import pytest

from ablacem.analysis.figures._style import journal_style, new_figure
from ablacem.analysis.model import ReportFigure, ReportTable


@pytest.fixture
def tables():
    t1 = ReportTable(
        "table1",
        "Table 1. Baseline characteristics",
        pd.DataFrame({"Characteristic": ["Age, years", "Female, n (%)"], "Value": ["64.2 (10.1)", "12 (30.0)"]}),
        note="SD, standard deviation.",
        section="Baseline",
    )
    t2 = ReportTable(
        "vas_by_timepoint_with_a_very_long_identifier",
        "Table 2. Worst pain <VAS> & change",
        pd.DataFrame({"Timepoint": ["Baseline", "1 month"], "n": [40, 35], "Mean": [7.6, np.nan]}),
        note="Wilcoxon signed-rank test.",
        section="Pain",
    )
    t3 = ReportTable(
        "vas_by_timepoint_with_a_very_long_identifier_2",
        "Table 3. Same prefix",
        pd.DataFrame({"A": [1], "B": ["x"], "C": [0.5], "D": [1], "E": [2], "F": [3], "G": [4]}),
        section="Pain",
    )
    return [t1, t2, t3]


@pytest.fixture
def figure():
    with journal_style():
        fig = new_figure(3, 2)
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, 1], "o-")
        ax.set_title("A test figure")
    return ReportFigure("test_figure", "A test figure", fig, "Caption & legend.", section="Pain")
