"""The in-memory tidy dataset: one DataFrame per table."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .schema import ALL_TABLES, BOOLEAN, DATE, FLOAT, INTEGER, TABLES, Table

#: pandas dtype of each column type. Dates are datetime64 (midnight), integers nullable Int64,
#: booleans nullable ``boolean``; strings are ``object`` with NaN for missing.
PANDAS_DTYPES = {DATE: "datetime64[ns]", INTEGER: "Int64", FLOAT: "float64", BOOLEAN: "boolean"}


def empty_table(table: Table) -> pd.DataFrame:
    """An empty DataFrame with the table's columns and dtypes."""
    return pd.DataFrame({c.name: pd.Series(dtype=PANDAS_DTYPES.get(c.dtype, "object")) for c in table.columns})


def _table_attribute(name: str) -> property:
    """A read-only property returning the table ``name`` of a :class:`Dataset`.

    Raises
    ------
    KeyError
        At import, if ``name`` is not a table of the schema.
    """
    table = TABLES[name]
    return property(lambda self: self.tables[name], doc=f"The ``{name}`` table ({table.label}).")


@dataclass
class Dataset:
    """A tidy dataset in memory.

    Attributes
    ----------
    tables : dict of str to DataFrame
        One DataFrame per table name (``patients``, ``lesions``, ...). Missing optional tables
        are empty DataFrames with the right columns.
    """

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for table in ALL_TABLES:
            if table.name not in self.tables:
                self.tables[table.name] = empty_table(table)
        unknown = set(self.tables) - set(TABLES)
        if unknown:
            raise KeyError(f"unknown table(s): {', '.join(sorted(unknown))}")

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def __setitem__(self, name: str, frame: pd.DataFrame) -> None:
        if name not in TABLES:
            raise KeyError(f"unknown table {name!r}")
        self.tables[name] = frame

    # One read-only attribute per table (``ds.patients``, ``ds.lesions``, ...).
    patients = _table_attribute("patients")
    lesions = _table_attribute("lesions")
    procedures = _table_attribute("procedures")
    assessments = _table_attribute("assessments")
    analgesics = _table_attribute("analgesics")
    imaging = _table_attribute("imaging")
    adverse_events = _table_attribute("adverse_events")
    identifiers = _table_attribute("identifiers")

    def copy(self) -> Dataset:
        """A deep copy."""
        return Dataset({k: v.copy() for k, v in self.tables.items()})

    def without_identifiers(self) -> Dataset:
        """The clinical tables only (the identifiers table emptied)."""
        out = self.copy()
        out.tables["identifiers"] = empty_table(TABLES["identifiers"])
        return out
