"""Cell values as the writers show them."""

import numpy as np
import pandas as pd

from ablacem.analysis.render.cells import cell_text, cell_value, header_text


def test_cell_values():
    assert cell_value(np.int64(3)) == 3 and isinstance(cell_value(np.int64(3)), int)
    assert cell_value(np.float64(0.25)) == 0.25
    assert cell_value(np.nan) is None and cell_value(pd.NA) is None and cell_value(None) is None
    assert cell_value(np.bool_(True)) == "Yes" and cell_value(False) == "No"
    assert cell_value(pd.Timestamp("2025-03-01")) == "2025-03-01"
    assert cell_value("12 (30.0)") == "12 (30.0)"


def test_cell_text():
    assert cell_text(np.nan) == ""
    assert cell_text(0.123456) == "0.1235"
    assert cell_text(12345.6) == "12,346"
    assert cell_text(7) == "7"


def test_header_text_joins_multiindex_levels():
    assert header_text(("1 month", "n")) == "1 month\nn"
    assert header_text(("Scale", "Unnamed: 0_level_1")) == "Scale"
    assert header_text("n") == "n"
