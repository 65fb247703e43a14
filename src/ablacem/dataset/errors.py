"""Errors and problems reported about a tidy dataset."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in a dataset, located as precisely as possible.

    Attributes
    ----------
    file : str
        File name (``patients.csv``).
    row : int or None
        Line number in the CSV file (the header is line 1), or None for a whole-file problem.
    column : str or None
        Column name, or None.
    message : str
        The rule that was broken, in plain words.
    kind : str
        Stable name of the rule for programs that act on it (``no_procedure``,
        ``outside_window``); empty when no caller needs one. Messages may be reworded, kinds not.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    kind: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", line {self.row}"
        if self.column is not None:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class DatasetError(ValueError):
    """A dataset breaks its schema; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  ... and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the dataset:\n{shown}{more}")


def csv_line(index_position: int) -> int:
    """CSV line number of the row at 0-based position ``index_position`` (header is line 1)."""
    return index_position + 2
