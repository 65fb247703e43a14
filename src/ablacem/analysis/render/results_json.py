"""``results.json``: every number of the report, machine-readable."""

from __future__ import annotations

import json
from pathlib import Path

from ablacem.analysis.results import to_json_compatible


def write_results_json(path: Path, results: dict, *, convert=to_json_compatible) -> Path:
    """Write ``results`` as JSON: plain numbers, NaN as null (``allow_nan=False`` guards it).

    Parameters
    ----------
    path : Path
    results : dict
        The analysis results (``StudyAnalysis.results_``).
    convert : callable, optional
        Converter to JSON-compatible values; by default
        :func:`ablacem.analysis.results.to_json_compatible`.

    Returns
    -------
    Path
    """
    text = json.dumps(convert(results), allow_nan=False, indent=2, ensure_ascii=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path
