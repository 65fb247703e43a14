"""Tables ready for export: frames plus the column declarations that describe them.

A :class:`TableSet` is what every writer (CSV, SPSS, Stata, ODM, REDCap) consumes. Built from a
tidy :class:`~ablacem.dataset.Dataset` it carries the schema's columns unchanged; after
de-identification (:mod:`ablacem.interop.deidentify`) some columns are gone or renamed
(``procedure_date`` becomes ``procedure_date_day``) and the declarations say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ablacem.dataset import Dataset, conform
from ablacem.dataset.schema import ALL_TABLES, Column


@dataclass
class TableSet:
    """Frames and their column declarations, table by table.

    Attributes
    ----------
    frames : dict of str to DataFrame
        One frame per table, columns exactly those of ``columns[table]``, in that order.
    columns : dict of str to tuple of Column
        Declarations of each table's columns.
    deidentified : bool
        True when built by :func:`ablacem.interop.deidentify.deidentify`.
    date_mode : str or None
        ``"relative"`` or ``"shift"`` for de-identified sets, else None.
    sources : dict of (str, str) to str
        For renamed columns, ``(table, new name) -> original schema column name``.
    """

    frames: dict[str, pd.DataFrame]
    columns: dict[str, tuple[Column, ...]]
    deidentified: bool = False
    date_mode: str | None = None
    sources: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def from_dataset(cls, dataset: Dataset, *, include_identifiers: bool = True) -> TableSet:
        """The tables of a tidy dataset with the schema's declarations (identifiers optional)."""
        ds = conform(dataset)
        frames: dict[str, pd.DataFrame] = {}
        columns: dict[str, tuple[Column, ...]] = {}
        for table in ALL_TABLES:
            if table.name == "identifiers" and not include_identifiers:
                continue
            frames[table.name] = ds[table.name][table.column_names].copy()
            columns[table.name] = table.columns
        return cls(frames, columns)

    def column(self, table: str, name: str) -> Column:
        """The declaration of one column."""
        for c in self.columns[table]:
            if c.name == name:
                return c
        raise KeyError(f"{table} has no column {name!r}")

    def source_name(self, table: str, name: str) -> str:
        """The schema column a (possibly renamed) column comes from."""
        return self.sources.get((table, name), name)

    def find(self, table: str, source: str) -> Column | None:
        """The column of ``table`` that comes from schema column ``source``, or None if dropped."""
        if table not in self.columns:
            return None
        for c in self.columns[table]:
            if self.source_name(table, c.name) == source:
                return c
        return None
