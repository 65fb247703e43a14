"""The tidy dataset's files open as text in a spreadsheet, and read back exactly what was written."""

from __future__ import annotations

import pandas as pd
import pytest

from ablacem.dataset import DatasetError, read_dataset, write_dataset
from tests.spreadsheet_cells import PAYLOADS, live_formulas


def _with_text(dataset, description: str, name: str):
    dataset.adverse_events.loc[0, "description"] = description
    dataset.identifiers.loc[0, "name"] = name
    return dataset


def test_no_cell_of_the_written_files_runs_as_a_formula(small_dataset, tmp_path):
    for i, payload in enumerate(PAYLOADS):
        folder = write_dataset(_with_text(small_dataset, payload, payload), tmp_path / str(i))
        for path in sorted(folder.glob("*.csv")):
            assert live_formulas(path.read_text(encoding="utf-8")) == [], path.name


def test_the_reader_returns_exactly_what_was_entered(small_dataset, tmp_path):
    for i, payload in enumerate(PAYLOADS):
        dataset = _with_text(small_dataset, payload, "'" + payload)
        back = read_dataset(write_dataset(dataset, tmp_path / str(i)))
        assert back.adverse_events.loc[0, "description"] == payload
        assert back.identifiers.loc[0, "name"] == "'" + payload


def test_a_quoted_number_in_a_number_column_is_not_read_as_a_number(small_dataset, tmp_path):
    folder = write_dataset(small_dataset, tmp_path)
    patients = pd.read_csv(folder / "patients.csv", dtype=str)
    patients.loc[0, "age"] = "'67"
    patients.to_csv(folder / "patients.csv", index=False)
    with pytest.raises(DatasetError) as caught:
        read_dataset(folder)
    assert "'67" in str(caught.value) and "age" in str(caught.value)
