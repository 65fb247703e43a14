"""The statistical analysis plan and the study report (pure pandas/scipy/statsmodels/lifelines).

``StudyAnalysis(...).fit(dataset)`` computes every number, table and text of the plan
(docs/statistical-analysis-plan.md); ``ablacem.analysis.derive.derive`` builds the analysis
frames; the figures and
the report writers live in :mod:`.figures`, :mod:`.render` and :mod:`.report`.
Names are imported lazily so that importing a submodule stays cheap.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "StudyAnalysis": "ablacem.analysis.study",
    "Derived": "ablacem.analysis.derive",
    "to_json_compatible": "ablacem.analysis.results",
    "AnalysisOptions": "ablacem.analysis.options",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
