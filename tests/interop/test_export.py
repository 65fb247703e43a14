import pandas as pd
import pyreadstat
import pytest

from ablacem.interop import EXPORT_FORMATS, export_dataset
from tests.interop.helpers import KEY, OTHER_KEY


def test_formats():
    assert EXPORT_FORMATS == ("csv", "spss", "stata", "odm", "redcap", "fhir")


@pytest.mark.parametrize(
    ("fmt", "names"),
    [
        ("csv", ["patients_wide.csv", "lesions_wide.csv", "analgesics.csv", "adverse_events.csv", "codebook.csv"]),
        ("spss", ["patients_wide.sav", "lesions_wide.sav", "analgesics.sav", "adverse_events.sav"]),
        ("stata", ["patients_wide.dta", "lesions_wide.dta", "analgesics.dta", "adverse_events.dta"]),
        ("odm", ["ablacem-odm.xml"]),
        (
            "redcap",
            [
                "redcap_records.csv",
                "redcap_data_dictionary.csv",
                "redcap_events.csv",
                "redcap_instrument_event_mapping.csv",
                "redcap_repeating_instruments.csv",
            ],
        ),
        ("fhir", ["ABL-001.json", "ABL-002.json"]),
    ],
)
def test_files_of_each_format(small, tmp_path, fmt, names):
    paths = export_dataset(small, fmt, tmp_path / fmt, shape="wide")
    assert [p.name for p in paths] == names
    assert all(p.exists() and p.stat().st_size > 0 for p in paths)


def test_csv_keeps_codes_and_iso_dates(small, tmp_path):
    export_dataset(small, "csv", tmp_path, shape="long")
    long = pd.read_csv(tmp_path / "patients_long.csv", dtype=str)
    first = long.iloc[0]
    assert (first["sex"], first["enrolled_on"], first["timepoint"], first["vas_worst"]) == (
        "F",
        "2024-03-01",
        "baseline",
        "8",
    )
    codebook = pd.read_csv(tmp_path / "codebook.csv", dtype=str).set_index(["file", "variable"])
    assert codebook.loc[("patients_long.csv", "sex"), "allowed_values"] == "F=Female | M=Male"


def test_stata_export_of_the_long_shape(small, tmp_path):
    export_dataset(small, "stata", tmp_path, shape="long")
    df, meta = pyreadstat.read_dta(str(tmp_path / "patients_long.dta"))
    assert len(df) == 10
    assert meta.variable_value_labels["timepoint"] == {
        1: "Baseline",
        2: "Post-procedure",
        3: "1 week",
        4: "1 month",
        5: "3 months",
    }


def test_pseudonyms_are_stable_across_exports_and_change_with_the_key(small, tmp_path):
    def ids(key, where):
        export_dataset(small, "redcap", tmp_path / where, deidentify=True, key=key)
        return pd.read_csv(tmp_path / where / "redcap_records.csv", dtype=str)["record_id"].unique().tolist()

    first, second, other = ids(KEY, "a"), ids(KEY, "b"), ids(OTHER_KEY, "c")
    assert first == second
    assert not set(first) & set(other)


def test_bad_requests(small, tmp_path):
    with pytest.raises(ValueError, match="format"):
        export_dataset(small, "sas", tmp_path)
    with pytest.raises(ValueError, match="key"):
        export_dataset(small, "csv", tmp_path, deidentify=True)


def test_deidentified_rows_follow_the_pseudonyms_not_the_study_ids(small, tmp_path):
    # HMAC-SHA256 with KEY: ABL-001 -> P-65a5a34dd4, ABL-002 -> P-5d4e705809, so ABL-002 comes first;
    # rows in study-ID order would map every pseudonym back to its (sequential) study ID.
    first, second = "P-5d4e705809", "P-65a5a34dd4"
    for fmt, file in (("csv", "patients_wide.csv"), ("redcap", "redcap_records.csv")):
        export_dataset(small, fmt, tmp_path / fmt, deidentify=True, key=KEY)
        ids = pd.read_csv(tmp_path / fmt / file, dtype=str).iloc[:, 0]
        assert ids.unique().tolist() == [first, second], fmt
    lesions = pd.read_csv(tmp_path / "csv" / "lesions_wide.csv", dtype=str)
    assert lesions["patient_id"].tolist() == [first, second, second]  # ABL-002's one lesion before ABL-001's two
    # identified exports keep the study's order
    export_dataset(small, "csv", tmp_path / "identified")
    assert pd.read_csv(tmp_path / "identified" / "patients_wide.csv")["patient_id"].tolist() == ["ABL-001", "ABL-002"]
