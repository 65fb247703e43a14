"""CSV downloads that a spreadsheet cannot turn into formulas.

Every cell passes through :func:`ablacem.dataset.spreadsheet_safe.neutralise`, the one rule of
every file ablacem writes for a person (OWASP "CSV Injection"): a text cell starting like a
formula, or with the escape quote itself, gets one leading ``'``; a number (``-3``) stays a
number, so the downloads read back as the tidy dataset's files do.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from ablacem.dataset.spreadsheet_safe import neutralise


def cell(value) -> str:
    """``value`` as a CSV cell: its text (empty for None), escaped when a spreadsheet would run it."""
    return neutralise("" if value is None else str(value))


def csv_text(columns: Sequence[str], rows: Iterable[Mapping]) -> str:
    """A CSV document (header, then one line per row) with every cell passed through :func:`cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
    return out.getvalue()
