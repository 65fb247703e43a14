import pandas as pd
import pytest

from ablacem.dataset import ALL_TABLES, TABLES, Dataset, DatasetError, read_dataset, write_dataset


def test_round_trip_loses_nothing(small_dataset, tmp_path):
    write_dataset(small_dataset, tmp_path)
    back = read_dataset(tmp_path)
    for table in ALL_TABLES:
        pd.testing.assert_frame_equal(back[table.name], small_dataset[table.name], check_like=False)


def test_files_are_utf8_csv_with_iso_dates_and_true_false(small_dataset, tmp_path):
    write_dataset(small_dataset, tmp_path)
    text = (tmp_path / "procedures.csv").read_text(encoding="utf-8")
    header, first = text.splitlines()[:2]
    assert header.startswith("procedure_id,patient_id,lesion_id,procedure_date,modality")
    assert "2025-01-13" in first and ",true," in first
    assert "Émile Zola" in (tmp_path / "identifiers.csv").read_text(encoding="utf-8")
    assert (tmp_path / "dictionary.csv").exists()


def test_identifiers_can_be_left_out(small_dataset, tmp_path):
    write_dataset(small_dataset, tmp_path, include_identifiers=False)
    assert not (tmp_path / "identifiers.csv").exists()
    assert read_dataset(tmp_path).identifiers.empty


def test_bad_cell_is_named_by_file_line_and_column(small_dataset, tmp_path):
    write_dataset(small_dataset, tmp_path)
    path = tmp_path / "assessments.csv"
    lines = path.read_text().splitlines()
    cells = lines[3].split(",")
    header = lines[0].split(",")
    cells[header.index("vas_worst")] = "11"
    cells[header.index("q29")] = "seven"
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DatasetError) as err:
        read_dataset(tmp_path)
    messages = [str(p) for p in err.value.problems]
    assert "assessments.csv, line 4, column q29: 'seven' must be a whole number" in messages


def test_a_whole_number_too_large_to_hold_is_a_bad_cell_not_a_crash(small_dataset, tmp_path):
    """Found by the import fuzzer: twenty nines in an integer column crashed the reader."""
    write_dataset(small_dataset, tmp_path)
    path = tmp_path / "assessments.csv"
    lines = path.read_text().splitlines()
    cells = lines[1].split(",")
    cells[lines[0].split(",").index("q1")] = "99999999999999999999"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DatasetError) as err:
        read_dataset(tmp_path)
    messages = [str(p) for p in err.value.problems]
    assert "assessments.csv, line 2, column q1: '99999999999999999999' must be a whole number" in messages


def test_out_of_range_and_unknown_code(small_dataset, tmp_path):
    bad = small_dataset.copy()
    bad.assessments.loc[2, "vas_worst"] = 11.0
    bad.procedures.loc[1, "modality"] = "laser"
    with pytest.raises(DatasetError) as err:
        write_dataset(bad, tmp_path)
    messages = [str(p) for p in err.value.problems]
    assert any(
        m.startswith("assessments.csv, line 4, column vas_worst: 11.0 must be between 0 and 10") for m in messages
    )
    assert any(
        m.startswith("procedures.csv, line 3, column modality: 'laser' must be one of rfa, cryo") for m in messages
    )
    assert not (tmp_path / "patients.csv").exists(), "nothing is written when the dataset is invalid"


def test_missing_file_and_missing_column(small_dataset, tmp_path):
    write_dataset(small_dataset, tmp_path)
    (tmp_path / "imaging.csv").unlink()
    frame = pd.read_csv(tmp_path / "lesions.csv").drop(columns=["site"])
    frame.to_csv(tmp_path / "lesions.csv", index=False)
    with pytest.raises(DatasetError) as err:
        read_dataset(tmp_path)
    messages = [str(p) for p in err.value.problems]
    assert "imaging.csv: file is missing from the dataset folder" in messages
    assert "lesions.csv, line 1, column site: required column is missing from the header" in messages


def test_missing_folder():
    with pytest.raises(FileNotFoundError):
        read_dataset("/nonexistent/dataset")


def test_extra_columns_are_kept(small_dataset, tmp_path):
    ds = small_dataset.copy()
    ds.tables["patients"]["site_comment"] = ["a", "b"]
    write_dataset(ds, tmp_path)
    assert list(read_dataset(tmp_path).patients["site_comment"]) == ["a", "b"]


def test_conform_names_file_line_and_column_of_a_value_that_cannot_take_its_type(small_dataset):
    from ablacem.dataset import Dataset, conform

    tables = {name: frame.astype(object) for name, frame in small_dataset.tables.items()}
    tables["patients"].loc[1, "age"] = 58.5  # an age must be a whole number
    tables["lesions"].loc[0, "pathologic_fracture"] = "maybe"
    tables["procedures"].loc[1, "procedure_date"] = "2025-02-30"
    with pytest.raises(DatasetError) as err:
        conform(Dataset(tables))
    assert [str(p) for p in err.value.problems] == [
        "patients.csv, line 3, column age: 58.5 must be a whole number",
        "lesions.csv, line 2, column pathologic_fracture: 'maybe' must be true or false",
        "procedures.csv, line 3, column procedure_date: '2025-02-30' must be an ISO 8601 date (YYYY-MM-DD)",
    ]


def test_a_row_with_too_many_fields_is_named_by_its_line(small_dataset, tmp_path):
    write_dataset(small_dataset, tmp_path)
    path = tmp_path / "patients.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",stray"  # line 3 of the file: the header has 11 fields, this row 12
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as err:
        read_dataset(tmp_path)
    assert [str(p) for p in err.value.problems] == [
        "patients.csv, line 3: has 12 fields where the header has 11 (a stray comma?)"
    ]


def test_a_file_that_is_not_utf8_is_named(small_dataset, tmp_path):
    write_dataset(small_dataset, tmp_path)
    (tmp_path / "imaging.csv").write_bytes("patient_id,lesion_id\nZoë,x\n".encode("latin-1"))
    with pytest.raises(DatasetError, match=r"imaging\.csv: is not UTF-8 text"):
        read_dataset(tmp_path)


def test_each_table_of_the_schema_is_an_attribute_of_a_dataset():
    ds = Dataset()
    for name in TABLES:
        assert getattr(ds, name) is ds.tables[name]
    assert "adverse_events" in type(ds).adverse_events.__doc__


def test_a_patients_file_from_before_sites_reads_with_an_empty_site(small_dataset, tmp_path):
    import pandas as pd

    write_dataset(small_dataset, tmp_path)
    path = tmp_path / "patients.csv"
    pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns="site").to_csv(path, index=False)
    read = read_dataset(tmp_path)
    assert read.patients["site"].isna().all() and len(read.patients) == len(small_dataset.patients)
