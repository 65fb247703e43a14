"""``results.json``: every number of the report, machine-readable."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd


def _plain(obj):
    """Fallback conversion when the statistics module's converter is not given."""
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    if isinstance(obj, np.ndarray | pd.Series | pd.Index):
        return [_plain(v) for v in obj.tolist()]
    if obj is None or obj is pd.NA or obj is pd.NaT:
        return None
    if isinstance(obj, bool | np.bool_):
        return bool(obj)
    if isinstance(obj, int | np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        return None if math.isnan(float(obj)) or math.isinf(float(obj)) else float(obj)
    if isinstance(obj, pd.Timestamp):
        return obj.date().isoformat()
    return obj


def write_results_json(path: Path, results: dict, *, convert=None) -> Path:
    """Write ``results`` as JSON: plain numbers, NaN as null (``allow_nan=False`` guards it).

    Parameters
    ----------
    path : Path
    results : dict
        The analysis results (``StudyAnalysis.results``).
    convert : callable, optional
        Converter to JSON-compatible values (``ablacem.analysis.results.to_json_compatible``);
        a local equivalent is used when omitted.

    Returns
    -------
    Path
    """
    data = (convert or _plain)(results)
    text = json.dumps(data, allow_nan=False, indent=2, ensure_ascii=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path
