"""Schema validation of the tidy dataset with pandera, plus referential integrity.

Hard rules (types, required values, code lists, ranges, unique keys, foreign keys) raise
:class:`~ablacem.dataset.errors.DatasetError`. Softer clinical consistency rules (dates out of
order, no baseline, ...) are warnings, listed by :func:`ablacem.dataset.consistency.consistency_problems`.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pandera.pandas as pa

from .errors import DatasetError, Problem, csv_line
from .frame import PANDAS_DTYPES, Dataset
from .schema import ALL_TABLES, INTEGER, TABLES, Column, Table

#: A failing value longer than this is described by its length, not repeated in the message.
_SHOWN_MAX = 80


def _checks(column: Column) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if column.codes is not None:
        codes = set(column.codes.codes)
        allowed = ", ".join(column.codes.codes)
        if column.dtype == INTEGER:
            checks.append(
                pa.Check(
                    lambda s, codes=codes: s.astype("Int64").astype(str).isin(codes),
                    error=f"must be one of {allowed}",
                )
            )
        else:
            checks.append(pa.Check.isin(sorted(codes), error=f"must be one of {allowed}"))
    if column.max_length is not None:
        limit = column.max_length
        checks.append(
            pa.Check(
                lambda s, limit=limit: s.astype(str).str.len() <= limit,
                error=f"must be at most {limit} characters",
                ignore_na=True,
            )
        )
    if column.range is not None:
        rng = column.range

        def within_range(s: pd.Series, rng=rng) -> pd.Series:
            return s.astype("float64").map(lambda v: rng.problem(v) is None)

        decimals = "whole number" if rng.decimals == 0 else f"at most {rng.decimals} decimal(s)"
        checks.append(pa.Check(within_range, error=f"must be between {rng.minimum:g} and {rng.maximum:g} ({decimals})"))
    return checks


@cache
def pandera_schema(table_name: str) -> pa.DataFrameSchema:
    """The pandera schema of a table, built from its declaration in :mod:`.schema`."""
    table = TABLES[table_name]
    columns = {
        c.name: pa.Column(
            PANDAS_DTYPES.get(c.dtype, object),
            checks=_checks(c),
            nullable=not c.required,
            required=True,
            title=c.label,
        )
        for c in table.columns
    }
    return pa.DataFrameSchema(
        columns,
        unique=list(table.key) if table.key else None,
        strict=False,
        name=table.name,
        report_duplicates="all",
    )


def _positions(frame: pd.DataFrame) -> dict:
    return {label: pos for pos, label in enumerate(frame.index)}


def table_problems(table: Table, frame: pd.DataFrame) -> list[Problem]:
    """Every schema problem of one table, located by file, CSV line and column."""
    try:
        pandera_schema(table.name).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        positions = _positions(frame)
        problems = []
        for case in exc.failure_cases.itertuples(index=False):
            column = case.column if isinstance(case.column, str) else None
            idx = case.index
            row = csv_line(positions[idx]) if idx in positions else None
            check = str(case.check)
            value = case.failure_case.item() if hasattr(case.failure_case, "item") else case.failure_case
            if check == "not_nullable":
                message = "a value is required"
            elif "uniqueness" in check or check.startswith("duplicates"):
                message = f"duplicate key ({', '.join(table.key)})"
                column = column or ", ".join(table.key)
            elif check.startswith("dtype"):
                message = f"has dtype {case.failure_case}, expected {check}"
            elif check.startswith("column_in_dataframe"):
                message = f"column {case.failure_case!r} is missing"
                column = str(case.failure_case)
            elif isinstance(value, str) and len(value) > _SHOWN_MAX:
                message = f"a text of {len(value)} characters {check}"
            else:
                message = f"{value!r} {check}"
            problems.append(Problem(table.filename, row, column, message))
        return problems
    return []


def foreign_key_problems(dataset: Dataset) -> list[Problem]:
    """Rows that point at a patient or lesion that does not exist, or at another patient's lesion."""
    problems: list[Problem] = []
    for table in ALL_TABLES:
        frame = dataset[table.name]
        positions = _positions(frame)
        for column, target in table.foreign_keys.items():
            if column not in frame:
                continue
            known = set(dataset[target][TABLES[target].key[0]].dropna())
            values = frame[column]
            for idx, value in values[values.notna() & ~values.isin(known)].items():
                problems.append(
                    Problem(table.filename, csv_line(positions[idx]), column, f"{value!r} is not in {target}.csv")
                )
        if "lesion_id" in table.foreign_keys and "lesion_id" in frame and table.name != "lesions":
            owner = dict(zip(dataset.lesions["lesion_id"], dataset.lesions["patient_id"], strict=True))
            for idx, row in frame[frame["lesion_id"].notna()].iterrows():
                expected = owner.get(row["lesion_id"])
                if expected is not None and expected != row["patient_id"]:
                    problems.append(
                        Problem(
                            table.filename,
                            csv_line(positions[idx]),
                            "lesion_id",
                            f"lesion {row['lesion_id']!r} belongs to patient {expected!r}, not {row['patient_id']!r}",
                        )
                    )
    return problems


def dataset_problems(dataset: Dataset) -> list[Problem]:
    """Every hard problem of a dataset: schema problems of each table, then foreign keys."""
    problems: list[Problem] = []
    for table in ALL_TABLES:
        problems.extend(table_problems(table, dataset[table.name]))
    if not problems:
        problems.extend(foreign_key_problems(dataset))
    return problems


def validate(dataset: Dataset) -> Dataset:
    """Validate a dataset and return it unchanged.

    Raises
    ------
    DatasetError
        Listing every problem by file, CSV line and column.
    """
    problems = dataset_problems(dataset)
    if problems:
        raise DatasetError(problems)
    return dataset
