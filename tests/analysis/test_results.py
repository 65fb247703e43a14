"""to_json_compatible: numpy and pandas values become plain JSON."""

import datetime as dt
import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from ablacem.analysis.results import to_json_compatible


@dataclass
class _Point:
    x: float
    y: int


def test_numpy_and_pandas_scalars():
    obj = {
        "a": np.int64(3),
        "b": np.float32(0.5),
        "c": np.bool_(True),
        "d": float("nan"),
        "e": pd.NA,
        "f": pd.NaT,
        "g": np.inf,
        1: pd.Timestamp("2025-01-10"),
        "h": dt.date(2025, 1, 2),
    }
    out = to_json_compatible(obj)
    assert out == {
        "a": 3,
        "b": 0.5,
        "c": True,
        "d": None,
        "e": None,
        "f": None,
        "g": None,
        "1": "2025-01-10T00:00:00",
        "h": "2025-01-02",
    }
    assert type(out["a"]) is int and type(out["c"]) is bool
    json.dumps(out, allow_nan=False)


def test_containers_series_frames_and_dataclasses():
    frame = pd.DataFrame({"x": [1.0, np.nan], "y": pd.array([1, None], dtype="Int64")})
    out = to_json_compatible(
        {"s": pd.Series([1, 2]), "arr": np.array([0.1, np.nan]), "t": (1, 2), "df": frame, "p": _Point(1.5, 2)}
    )
    assert out == {
        "s": [1, 2],
        "arr": [0.1, None],
        "t": [1, 2],
        "df": [{"x": 1.0, "y": 1}, {"x": None, "y": None}],
        "p": {"x": 1.5, "y": 2},
    }


def test_unknown_objects_are_refused():
    with pytest.raises(TypeError, match="cannot convert"):
        to_json_compatible(object())
