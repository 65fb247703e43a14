"""Exports from the web: the tidy dataset (identified only for roles allowed) and interop formats
(the study report: ``test_exports_report.py``)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

pytestmark = pytest.mark.db_backend


def _zip_names(response) -> tuple[set[str], bytes]:
    """The file names of a streamed zip and all its files' contents, decompressed and joined."""
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    return names, b"\n".join(archive.read(name) for name in sorted(names))


def test_exports_page_lists_what_the_role_may_download(client_as, users):
    statistician = client_as("statistician").get(reverse("edc:exports")).content.decode()
    assert "Download without identifiers" in statistician and "with identifiers (zip)" not in statistician
    assert 'name="identified"' not in statistician
    manager = client_as("data_manager").get(reverse("edc:exports")).content.decode()
    assert "Download with identifiers (zip)" in manager


def test_deidentified_dataset_has_no_identifiers(client_as, world):
    response = client_as("statistician").post(reverse("edc:dataset_zip"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ablacem-dataset-')
    names, body = _zip_names(response)
    assert {"patients.csv", "lesions.csv", "assessments.csv", "dictionary.csv"} <= names
    assert b"oxycodone" in body or b"vas_worst" in body  # the contents were read
    assert b"Alice" not in body and b"HN-424242" not in body
    # de-identified like every other de-identified export: keyed IDs, secretly shifted dates
    # (the shifted procedure date is checked exactly below: a bare "2025-03-10" may be another date,
    # shifted by a small secret offset onto that day)
    assert b"ABL-001" not in body and b"P-" in body


def test_deidentified_dataset_is_still_a_tidy_dataset_with_the_secret_shift(client_as, world, tmp_path):
    from ablacem.dataset import read_dataset
    from ablacem.edc.models import PatientIdentity

    response = client_as("statistician").post(reverse("edc:dataset_zip"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    archive.extractall(tmp_path)
    folder = next(p.parent for p in tmp_path.rglob("patients.csv"))
    dataset = read_dataset(folder)  # valid: a statistician can run `ablacem report --data` on it
    shift = PatientIdentity.objects.get().date_shift_days
    assert shift != 0
    shifted = dataset.procedures["procedure_date"].iloc[0]
    assert (shifted - __import__("pandas").Timestamp("2025-03-10")).days == shift


def test_interop_shift_mode_uses_the_shift_kept_in_the_database(client_as, world):
    from ablacem.edc.models import PatientIdentity

    response = client_as("statistician").post(reverse("edc:interop_download"), {"fmt": "csv", "date_mode": "shift"})
    assert response.status_code == 200
    import csv
    import datetime as dt

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    lesions = list(csv.DictReader(io.StringIO(archive.read("lesions_wide.csv").decode())))
    shift = PatientIdentity.objects.get().date_shift_days
    # The procedure date itself, not any date in the files: another date shifted by a small
    # secret offset may well land on the real procedure day.
    expected = (dt.date(2025, 3, 10) + dt.timedelta(days=shift)).isoformat()
    assert {row["procedure_date"] for row in lesions} == {expected}


def test_identified_dataset_is_for_the_data_manager_only(client_as, world):
    assert client_as("statistician").post(reverse("edc:dataset_zip"), {"identified": "1"}).status_code == 403
    response = client_as("data_manager").post(reverse("edc:dataset_zip"), {"identified": "1"})
    names, body = _zip_names(response)
    assert "identifiers.csv" in names and b"Alice Example" in body


def test_statistician_interop_export_is_deidentified(client_as, world):
    response = client_as("statistician").post(reverse("edc:interop_download"), {"fmt": "csv", "identified": "1"})
    assert response.status_code == 403
    response = client_as("statistician").post(reverse("edc:interop_download"), {"fmt": "csv"})
    assert response.status_code == 200
    names, body = _zip_names(response)
    assert "codebook.csv" in names
    assert b"oxycodone" in body or b"vas_worst" in body  # the contents were read
    assert b"ABL-001" not in body and b"Alice" not in body and b"2025-03-10" not in body
