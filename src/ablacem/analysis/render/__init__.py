"""Writers of the report files: HTML, Word, Excel, figure files and results.json.

Names are imported lazily: python-docx and openpyxl load when their writer is first used, not
when the report module is imported (the report forks its figure workers first).
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "RenderedFigure": ".figure_files",
    "inline_svg": ".figure_files",
    "save_figure": ".figure_files",
    "svg_text": ".figure_files",
    "write_docx": ".docx",
    "write_html": ".html",
    "write_results_json": ".results_json",
    "sheet_names": ".xlsx",
    "write_xlsx": ".xlsx",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
