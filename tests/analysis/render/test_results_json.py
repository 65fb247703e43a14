"""results.json: plain JSON numbers, NaN as null, nothing JSON cannot read."""

import json
import math

import numpy as np
import pandas as pd
import pytest

from ablacem.analysis.render.results_json import write_results_json


def test_numpy_and_missing_values_become_plain_json(tmp_path):
    results = {
        "n": {"enrolled": np.int64(40), "treated": 39},
        "vas": {"baseline": {"mean": np.float64(7.5), "sd": float("nan"), "median": pd.NA}},
        "km": {"time_days": np.array([0.0, 30.0]), "survival": pd.Series([1.0, np.nan])},
        "flag": np.bool_(True),
        1: "int key",
    }
    path = write_results_json(tmp_path / "results.json", results)
    data = json.loads(path.read_text())
    assert data["n"] == {"enrolled": 40, "treated": 39}
    assert data["vas"]["baseline"] == {"mean": 7.5, "sd": None, "median": None}
    assert data["km"] == {"time_days": [0.0, 30.0], "survival": [1.0, None]}
    assert data["flag"] is True and data["1"] == "int key"


def test_a_given_converter_is_used(tmp_path):
    path = write_results_json(tmp_path / "r.json", {"x": 1}, convert=lambda r: {"converted": r["x"] + 1})
    assert json.loads(path.read_text()) == {"converted": 2}


def test_nan_left_by_a_converter_is_refused(tmp_path):
    with pytest.raises(ValueError, match="JSON compliant"):
        write_results_json(tmp_path / "r.json", {"x": 1}, convert=lambda r: {"x": math.nan})
