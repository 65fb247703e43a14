"""One builder for the hand-made tidy datasets of the tests.

Each test module that checks numbers by hand declares its own small cohort (the values are
the point of the test) through :class:`DatasetBuilder`, which knows the tables, fills what is
not given as missing, counts days from a day 0, and conforms (and, if asked, validates) the
result exactly as the product's own writers do.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ablacem.dataset import ALL_TABLES, Dataset, conform, validate
from ablacem.protocol.ranges import QLQC30_ITEMS

TABLE_NAMES = tuple(table.name for table in ALL_TABLES)


def qlqc30_answers(items_1_28, items_29_30) -> dict:
    """QLQ-C30 answers ``q1``..``q30``: one value for items 1-28, another for 29-30.

    Each value is a scalar or, for column-wise tables, a list with one answer per row.
    """
    return {item: items_1_28 if number <= 28 else items_29_30 for number, item in enumerate(QLQC30_ITEMS, 1)}


class DatasetBuilder:
    """Rows of a tidy dataset, declared table by table, then :meth:`build`.

    Parameters
    ----------
    day0 : date-like, optional
        The procedure date that :meth:`day` counts from.
    """

    def __init__(self, day0=None):
        self.day0 = None if day0 is None else pd.Timestamp(day0)
        self._records: dict[str, list[dict]] = {name: [] for name in TABLE_NAMES}

    def day(self, n: int | None) -> pd.Timestamp:
        """The date ``n`` days after day 0 (``NaT`` for None)."""
        if n is None:
            return pd.NaT
        if self.day0 is None:
            raise ValueError("DatasetBuilder(day0=...) is needed to count days")
        return self.day0 + pd.Timedelta(days=n)

    def _check(self, table: str) -> None:
        if table not in self._records:
            raise KeyError(f"unknown table {table!r}; expected one of {', '.join(TABLE_NAMES)}")

    def row(self, table: str, **values) -> DatasetBuilder:
        """Add one row to ``table``; columns not given stay missing."""
        self._check(table)
        self._records[table].append(values)
        return self

    def rows(self, table: str, columns: Sequence[str], records: Sequence[Sequence]) -> DatasetBuilder:
        """Add rows given as tuples, in the order of ``columns``."""
        self._check(table)
        self._records[table] += [dict(zip(columns, record, strict=True)) for record in records]
        return self

    def columns(self, table: str, **columns) -> DatasetBuilder:
        """Add rows given column by column (equal-length lists; a scalar is repeated on every row)."""
        self._check(table)
        lengths = {len(v) for v in columns.values() if isinstance(v, list | tuple | pd.Series)}
        if len(lengths) != 1:
            raise ValueError(f"{table}: the columns given as lists must have one common length, got {sorted(lengths)}")
        (n,) = lengths
        as_lists = {k: list(v) if isinstance(v, list | tuple | pd.Series) else [v] * n for k, v in columns.items()}
        self._records[table] += [{k: v[i] for k, v in as_lists.items()} for i in range(n)]
        return self

    def visit(self, patient_id: str, timepoint: str, status: str = "done", *, day: int | None = None, **values):
        """Add an assessment row; ``assessed_on`` is day 0 + ``day`` when the visit was done."""
        assessed_on = self.day(day) if status == "done" and day is not None else pd.NaT
        return self.row(
            "assessments", patient_id=patient_id, timepoint=timepoint, status=status, assessed_on=assessed_on, **values
        )

    def build(self, *, validated: bool = False) -> Dataset:
        """The dataset: every table conformed to its schema (dtypes, column order); validated if asked."""
        tables = {name: pd.DataFrame(records) for name, records in self._records.items() if records}
        dataset = conform(Dataset(tables))
        return validate(dataset) if validated else dataset
