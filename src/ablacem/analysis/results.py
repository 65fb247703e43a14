"""Results as plain JSON: numbers, strings, lists and dicts only, NaN as null."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd


def to_json_compatible(obj):
    """Convert numpy/pandas values (recursively) to plain JSON values.

    NaN, NaT, ``pd.NA`` and infinities become None; numpy scalars become int/float/bool;
    timestamps and dates become ISO 8601 strings; Series become lists, DataFrames lists of
    row dicts; dict keys become strings; dataclasses become dicts. The output passes
    ``json.dumps(..., allow_nan=False)``.
    """
    if obj is None or isinstance(obj, str):
        return obj
    if isinstance(obj, bool | np.bool_):
        return bool(obj)
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        value = float(obj)
        return value if math.isfinite(value) else None
    if obj is pd.NA or obj is pd.NaT:
        return None
    if isinstance(obj, pd.Timestamp | dt.datetime | dt.date):
        return obj.isoformat()
    if isinstance(obj, Mapping):
        return {str(k): to_json_compatible(v) for k, v in obj.items()}
    if isinstance(obj, pd.DataFrame):
        return [to_json_compatible(r) for r in obj.to_dict(orient="records")]
    if isinstance(obj, pd.Series | pd.Index | np.ndarray):
        return [to_json_compatible(x) for x in obj.tolist()]
    if isinstance(obj, list | tuple | set | frozenset):
        return [to_json_compatible(x) for x in obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return to_json_compatible(dataclasses.asdict(obj))
    try:
        if pd.isna(obj):
            return None
    except (TypeError, ValueError):
        pass
    raise TypeError(f"cannot convert {type(obj).__name__} to JSON")
