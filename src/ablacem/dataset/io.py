"""Read and write the tidy dataset as a folder of UTF-8 CSV files."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .dictionary import write_dictionary
from .errors import DatasetError, Problem, csv_line
from .frame import Dataset, empty_table
from .parse import TYPE_RULE, coerce_column, parse_table
from .schema import ALL_TABLES, BOOLEAN, DATE, STRING, Column, Table
from .spreadsheet_safe import neutralise_frame, restore
from .validate import dataset_problems

_NA_VALUES = ["", "NA"]


def _parser_problem(filename: str, exc: pd.errors.ParserError) -> Problem:
    """The CSV syntax error in plain words, with its line when pandas gives it."""
    text = str(exc).strip()
    fields = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if fields:
        expected, line, seen = (int(g) for g in fields.groups())
        return Problem(filename, line, None, f"has {seen} fields where the header has {expected} (a stray comma?)")
    return Problem(filename, None, None, f"is not a valid CSV file ({text})")


def _typed_columns(table: Table) -> set[str]:
    """The declared columns that are not text (numbers, dates, booleans)."""
    return {c.name for c in table.columns if c.dtype != STRING}


def _restored(table: Table, raw: pd.DataFrame) -> pd.DataFrame:
    """The text columns with the writer's formula escape undone (:mod:`.spreadsheet_safe`);
    number, date and boolean columns are parsed as they are (a quoted number is not a number)."""
    typed = _typed_columns(table)
    out = raw.copy()
    for name in out.columns:
        if name not in typed:
            out[name] = out[name].map(restore)
    return out


def _read_table(table: Table, path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=_NA_VALUES, encoding="utf-8")
    except UnicodeDecodeError as exc:
        return empty_table(table), [Problem(table.filename, None, None, f"is not UTF-8 text ({exc.reason})")]
    except pd.errors.ParserError as exc:
        return empty_table(table), [_parser_problem(table.filename, exc)]
    except pd.errors.EmptyDataError:
        return empty_table(table), [Problem(table.filename, None, None, "is empty (no header line)")]
    raw = _restored(table, raw)
    problems: list[Problem] = []
    missing = [c.name for c in table.columns if c.name not in raw.columns and not c.added_later]
    for name in missing:
        problems.append(Problem(table.filename, 1, name, "required column is missing from the header"))
    typed, bad = parse_table(table, raw)
    extra = {c: raw[c] for c in raw.columns if c not in typed}
    return pd.DataFrame({**typed, **extra}, index=raw.index), problems + bad


def read_dataset(folder: str | Path, *, validate: bool = True) -> Dataset:
    """Read a tidy dataset folder.

    Parameters
    ----------
    folder : path
        Folder holding ``patients.csv`` and the other tables.
    validate : bool
        Check the schema and referential integrity (default). Turn off only to inspect a
        broken dataset.

    Returns
    -------
    Dataset

    Raises
    ------
    DatasetError
        Naming every file, CSV line and column that breaks a rule.
    FileNotFoundError
        If the folder does not exist.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"dataset folder {folder} does not exist or is not a folder")
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for table in ALL_TABLES:
        path = folder / table.filename
        if not path.exists():
            if not table.optional:
                problems.append(Problem(table.filename, None, None, "file is missing from the dataset folder"))
            tables[table.name] = empty_table(table)
            continue
        tables[table.name], bad = _read_table(table, path)
        problems.extend(bad)
    dataset = Dataset(tables)
    if validate:
        if not problems:
            problems = dataset_problems(dataset)
        if problems:
            raise DatasetError(problems)
    return dataset


def _uncastable(values: pd.Series, column: Column, filename: str) -> list[Problem]:
    """One problem per value that cannot take the column's dtype (only run when a cast failed)."""
    problems = []
    for position, value in enumerate(values):
        try:
            coerce_column(pd.Series([value], dtype=object), column)
        except (TypeError, ValueError, OverflowError):
            # An identifying value (a birth date) is never repeated in a message that may reach a log.
            shown = "the value" if column.identifier else repr(value)
            problems.append(Problem(filename, csv_line(position), column.name, f"{shown} {TYPE_RULE[column.dtype]}"))
    return problems or [Problem(filename, None, column.name, f"cannot be read as {column.dtype}")]


def conform(dataset: Dataset) -> Dataset:
    """Put every table's declared columns first, in order, with their declared dtypes.

    Frames built in code (the synthetic cohort, the EDC selector, importers) go through this
    before validation so that dtypes are exactly those :func:`read_dataset` gives.

    Raises
    ------
    DatasetError
        If a value cannot take its column's type (``67.5`` as an age, ``maybe`` as a boolean);
        each problem names the file, the line it would have and the column.
    """
    out = {}
    problems: list[Problem] = []
    for table in ALL_TABLES:
        frame = dataset[table.name]
        cols = {}
        for column in table.columns:
            if column.name in frame:
                try:
                    cols[column.name] = coerce_column(frame[column.name], column)
                except (TypeError, ValueError, OverflowError):
                    problems += _uncastable(frame[column.name], column, table.filename)
                    cols[column.name] = empty_table(table)[column.name].reindex(frame.index)
            else:
                cols[column.name] = empty_table(table)[column.name].reindex(frame.index)
        extra = {c: frame[c] for c in frame.columns if c not in cols}
        out[table.name] = pd.DataFrame({**cols, **extra}, index=frame.index).reset_index(drop=True)
    if problems:
        raise DatasetError(problems)
    return Dataset(out)


def _to_text(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Text of every cell as the CSV holds it: ISO dates, ``true``/``false``, and text cells that
    start like a spreadsheet formula escaped (:func:`.spreadsheet_safe.neutralise`; the reader
    undoes it)."""
    out = neutralise_frame(frame, [c for c in frame.columns if c not in _typed_columns(table)])
    for column in table.columns:
        s = out[column.name]
        if column.dtype == DATE:
            out[column.name] = s.dt.strftime("%Y-%m-%d").where(s.notna(), np.nan)
        elif column.dtype == BOOLEAN:
            out[column.name] = s.map(lambda v: np.nan if pd.isna(v) else ("true" if v else "false")).astype(object)
    return out


def write_dataset(
    dataset: Dataset, folder: str | Path, *, include_identifiers: bool = True, allow_problems: bool = False
) -> Path:
    """Validate a dataset and write it as a folder of CSV files plus ``dictionary.csv``.

    Parameters
    ----------
    dataset : Dataset
    folder : path
        Created if needed; existing table files are replaced.
    include_identifiers : bool
        Write ``identifiers.csv`` when the dataset has identifiers (default True).
    allow_problems : bool
        Write even when the dataset breaks its schema: an export of what a database holds,
        whose caller lists the problems with it (default False: refuse).

    Returns
    -------
    Path
        The folder.

    Raises
    ------
    DatasetError
        If the dataset breaks its schema; nothing is written then.
    """
    dataset = conform(dataset)
    problems = [] if allow_problems else dataset_problems(dataset)
    if problems:
        raise DatasetError(problems)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for table in ALL_TABLES:
        frame = dataset[table.name]
        path = folder / table.filename
        if table.optional and (frame.empty or (table.name == "identifiers" and not include_identifiers)):
            path.unlink(missing_ok=True)
            continue
        _to_text(frame, table).to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    write_dictionary(folder / "dictionary.csv")
    return folder
