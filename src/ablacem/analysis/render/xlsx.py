"""``tables.xlsx``: one worksheet per report table (openpyxl)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from ablacem.analysis.model import ReportTable

from .cells import cell_text, cell_value, header_text

#: Characters Excel forbids in sheet names.
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31
_THIN = Side(style="thin")
_WIDTH_MIN, _WIDTH_MAX = 8, 60


def sheet_names(ids: Sequence[str]) -> list[str]:
    """Excel sheet names for table ids: forbidden characters replaced, at most 31 characters, unique.

    A name that collides with an earlier one after truncation gets a ``~2``, ``~3`` ... suffix.
    """
    names: list[str] = []
    seen: set[str] = set()
    for table_id in ids:
        base = _FORBIDDEN.sub("_", table_id)[:MAX_SHEET_NAME] or "table"
        name, k = base, 2
        while name.lower() in seen:
            suffix = f"~{k}"
            name = base[: MAX_SHEET_NAME - len(suffix)] + suffix
            k += 1
        seen.add(name.lower())
        names.append(name)
    return names


def _text_cell(ws, row: int, column: int, value):
    """Put ``value`` in a cell; text stays text (openpyxl stores a string starting with ``=`` as a
    formula, so its type is set back: a cell of a report never runs as a formula, OWASP CSV
    injection)."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def write_xlsx(path: Path, tables: Sequence[ReportTable]) -> Path:
    """Write every table to its own sheet: title row, bold header, body, note under the table.

    Parameters
    ----------
    path : Path
        The ``.xlsx`` file to write.
    tables : sequence of ReportTable
        In report order; sheet name = table id (see :func:`sheet_names`).

    Returns
    -------
    Path
    """
    wb = Workbook()
    wb.remove(wb.active)
    for table, name in zip(tables, sheet_names([t.id for t in tables]), strict=True):
        ws = wb.create_sheet(name)
        frame = table.frame
        headers = [header_text(c) for c in frame.columns]
        _text_cell(ws, 1, 1, table.title).font = Font(bold=True, size=12)
        widths = [max((len(line) for line in h.split("\n")), default=0) for h in headers]
        for j, h in enumerate(headers, start=1):
            c = _text_cell(ws, 3, j, h)
            c.font = Font(bold=True)
            c.alignment = Alignment(wrap_text=True, vertical="bottom")
            c.border = Border(top=_THIN, bottom=_THIN)
        for i, row in enumerate(frame.itertuples(index=False, name=None), start=4):
            for j, value in enumerate(row, start=1):
                _text_cell(ws, i, j, cell_value(value))
                widths[j - 1] = max(widths[j - 1], len(cell_text(value)))
        last = 3 + len(frame)
        for j in range(1, len(headers) + 1):
            ws.cell(row=last, column=j).border = Border(bottom=_THIN, top=_THIN if last == 3 else None)
        if table.note:
            _text_cell(ws, last + 2, 1, table.note).alignment = Alignment(wrap_text=False)
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = min(max(w + 2, _WIDTH_MIN), _WIDTH_MAX)
        ws.freeze_panes = "A4"
    if not tables:
        wb.create_sheet("no tables").cell(row=1, column=1, value="The analysis produced no tables.")
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
