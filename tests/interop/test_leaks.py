"""THE leak test: no identifier of the synthetic cohort in any de-identified output.

Every format, every shape and both date modes are exported de-identified; every file is scanned
as bytes for every name (and name part), hospital number, email address, mobile number, birth
date (ISO, d/m/Y, m/d/Y, d.m.Y, YYYYMMDD) and original patient, lesion, procedure and
adverse-event ID; SPSS and Stata files are also read back and their numeric values checked
against the birth dates' SPSS (seconds since 1582-10-14) and Stata (days since 1960-01-01)
encodings.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from ablacem.dataset import TABLES
from ablacem.interop import export_dataset
from tests.interop.helpers import KEY

SPSS_EPOCH = dt.date(1582, 10, 14)
STATA_EPOCH = dt.date(1960, 1, 1)
CASES = [
    (fmt, shape, mode)
    for mode in ("relative", "shift")
    for fmt, shapes in (("csv", ("wide", "long", "both")), ("spss", ("wide", "long")), ("stata", ("wide", "long")))
    for shape in shapes
] + [(fmt, "both", mode) for mode in ("relative", "shift") for fmt in ("odm", "redcap")]
# FHIR bundles always shift dates (a FHIR date is a date): one case
CASES += [("fhir", "both", "shift")]


def _needles(cohort) -> list[str]:
    ids = cohort.identifiers
    assert len(ids) == len(cohort.patients) and ids[["name", "hospital_number", "birth_date"]].notna().all().all()
    out = set(ids["name"]) | set(ids["hospital_number"])
    out |= {part for name in ids["name"] for part in re.split(r"[\s-]+", name) if len(part) >= 4}
    # Contact details (issue 10): the address, and the mobile number with or without its "+".
    assert ids[["email", "mobile"]].notna().all().all()
    out |= set(ids["email"]) | set(ids["mobile"]) | {m.lstrip("+") for m in ids["mobile"]}
    for d in ids["birth_date"]:
        out |= {d.strftime(f) for f in ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y%m%d")}
    for column, table in (("patient_id", "patients"), ("lesion_id", "lesions"), ("procedure_id", "procedures")):
        out |= set(cohort[table][column])
    out |= set(cohort.adverse_events["ae_id"])
    return sorted(out)


def _found(paths: list[Path], needles: list[str]) -> list[str]:
    hits = []
    for path in paths:
        data = path.read_bytes()
        for needle in needles:
            if needle.encode("utf-8") in data:
                hits.append(f"{path.name}: {needle}")
    return hits


@pytest.fixture(scope="module")
def needles(cohort) -> list[str]:
    return _needles(cohort)


def test_the_scanner_finds_identifiers_in_an_identified_export(cohort, needles, tmp_path):
    paths = export_dataset(cohort, "redcap", tmp_path)
    hits = _found(paths, needles)
    birth = cohort.identifiers["birth_date"].iloc[0].strftime("%Y-%m-%d")
    assert any(h.endswith(birth) for h in hits)
    assert any(h.endswith(cohort.identifiers["name"].iloc[0]) for h in hits)
    assert any(h.endswith(cohort.identifiers["email"].iloc[0]) for h in hits)
    assert any(h.endswith(cohort.identifiers["mobile"].iloc[0]) for h in hits)


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "shape", "mode"), CASES)
def test_no_identifier_in_any_deidentified_output(cohort, needles, tmp_path, fmt, shape, mode):
    paths = export_dataset(cohort, fmt, tmp_path, deidentify=True, key=KEY, date_mode=mode, shape=shape)
    assert paths
    assert _found(paths, needles) == []
    for path in paths:
        if path.suffix in (".sav", ".dta"):
            _check_numeric_dates(path, cohort, mode)
        if path.suffix == ".csv" and mode == "relative":
            _check_relative_days(path)


def _check_numeric_dates(path: Path, cohort, mode: str) -> None:
    read = pyreadstat.read_sav if path.suffix == ".sav" else pyreadstat.read_dta
    df, meta = read(str(path), disable_datetime_conversion=True)
    births = [d.date() for d in cohort.identifiers["birth_date"]]
    spss = {float((b - SPSS_EPOCH).days * 86400) for b in births}
    stata = {float((b - STATA_EPOCH).days) for b in births}
    date_vars = [v for v, f in meta.original_variable_types.items() if "DATE" in f.upper() or f.startswith("%td")]
    if mode == "relative":
        assert date_vars == [], f"{path.name} has date variables {date_vars}"
    numeric = df.select_dtypes("number")
    assert not numeric.isin(spss).any().any(), f"{path.name} holds a birth date in SPSS encoding"
    assert not df[date_vars].isin(stata).any().any(), f"{path.name} holds a birth date in Stata encoding"


def _check_relative_days(path: Path) -> None:
    frame = pd.read_csv(path, dtype=str)
    for column in [c for c in frame.columns if c.endswith("_day") or re.search(r"_day_[a-z0-9]+$", c)]:
        days = pd.to_numeric(frame[column].dropna())
        assert (days == days.round()).all() and days.abs().max() <= 366, f"{path.name}:{column}"


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "odm", "redcap"])
def test_relative_mode_leaves_no_calendar_date_of_the_cohort(cohort, tmp_path, fmt):
    """Safe Harbor removes every date element but the year; relative mode keeps none at all."""
    dates = set()
    for name in TABLES:
        table = cohort[name]
        for column in table.select_dtypes("datetime").columns:
            dates |= set(table[column].dropna().dt.strftime("%Y-%m-%d"))
    assert len(dates) > 100  # the cohort's enrolment, procedure, visit, CT, AE, end and birth dates
    dates.discard(dt.date.today().isoformat())  # the ODM file's creation stamp is not patient data
    paths = export_dataset(cohort, fmt, tmp_path, deidentify=True, key=KEY, date_mode="relative")
    assert _found(paths, sorted(dates)) == []


def test_no_identifier_in_the_deidentified_tidy_dataset(cohort, needles, tmp_path):
    """The EDC's de-identified dataset download (a tidy folder, shifted dates) is scanned too."""
    from ablacem.dataset import write_dataset
    from ablacem.interop.deidentify import deidentified_dataset

    folder = write_dataset(deidentified_dataset(cohort, key=KEY), tmp_path / "tidy", include_identifiers=False)
    paths = sorted(p for p in folder.iterdir() if p.is_file())
    assert {p.name for p in paths} >= {"patients.csv", "adverse_events.csv", "imaging.csv"}
    assert _found(paths, needles) == []
