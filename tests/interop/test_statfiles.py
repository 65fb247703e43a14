import datetime as dt

import pyreadstat
import pytest

from ablacem.interop.deidentify import deidentify
from ablacem.interop.shapes import patients_wide
from ablacem.interop.statfiles import check_stata_names, write_dta, write_sav
from ablacem.interop.tableset import TableSet
from tests.interop.helpers import KEY


@pytest.fixture(params=["sav", "dta"])
def written(request, small, tmp_path):
    export = patients_wide(TableSet.from_dataset(small))
    path = tmp_path / f"p.{request.param}"
    (write_sav if request.param == "sav" else write_dta)(export, path)
    read = pyreadstat.read_sav if request.param == "sav" else pyreadstat.read_dta
    return read(str(path))


def test_values_survive(written):
    df, _ = written
    assert list(df["patient_id"]) == ["ABL-001", "ABL-002"]
    assert list(df["age"]) == [92, 61]
    assert list(df["sex"]) == [1, 2]  # F, M as numbered in the sex code list
    assert list(df["primary_tumour"]) == [1, 13]
    assert df["vas_worst_baseline"].tolist() == [8.0, 7.0]
    assert df["enrolled_on"].tolist() == [dt.date(2024, 3, 1), dt.date(2024, 4, 10)]


def test_variable_and_value_labels(written):
    _, meta = written
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["sex"] == "Sex"
    assert labels["age"] == "Age at enrolment (years)"
    assert labels["vas_worst_m1"].startswith("Worst pain at the treated site")
    assert meta.variable_value_labels["sex"] == {1: "Female", 2: "Male"}
    assert meta.variable_value_labels["ecog"][0] == "0 Fully active"
    assert meta.variable_value_labels["status_baseline"][1] == "Done"


def test_booleans_are_labelled_yes_no(small, tmp_path):
    from ablacem.interop.shapes import lesions_wide

    path = write_dta(lesions_wide(TableSet.from_dataset(small)), tmp_path / "l.dta")
    df, meta = pyreadstat.read_dta(str(path))
    assert df["pathologic_fracture"].tolist()[:2] == [1, 0]
    assert meta.variable_value_labels["cement_leakage"] == {0: "No", 1: "Yes"}


def test_relative_days_are_plain_numbers(small, tmp_path):
    export = patients_wide(deidentify(small, key=KEY))
    path = write_dta(export, tmp_path / "d.dta")
    df, meta = pyreadstat.read_dta(str(path))
    assert df["enrolled_on_day"].tolist() == [-7, -5]
    assert meta.original_variable_types["enrolled_on_day"] != "%td"


def test_stata_names_are_checked():
    check_stata_names(["assessed_on_day_baseline"])
    with pytest.raises(ValueError, match="Stata variable name"):
        check_stata_names(["x" * 33])


def test_spss_formats_and_measurement_levels(small, tmp_path):
    path = write_sav(patients_wide(TableSet.from_dataset(small)), tmp_path / "p.sav")
    _, meta = pyreadstat.read_sav(str(path))
    types, measure = meta.original_variable_types, meta.variable_measure
    # codes show as "1 Female", not "1.00"; VAS keeps its one decimal; dates stay dates
    assert types["sex"] == "F8.0" and measure["sex"] == "nominal"
    assert types["ecog"] == "F8.0" and measure["ecog"] == "ordinal"
    assert types["age"] == "F8.0" and measure["age"] == "scale"
    assert types["vas_worst_baseline"] == "F10.1" and measure["vas_worst_baseline"] == "scale"
    assert types["enrolled_on"] == "DATE11"
    assert measure["patient_id"] == "nominal"
