"""A mistyped birth or enrolment date: refused by the forms, and one stored before never breaks
an export nor appears in a log or an error message (a birth date identifies a patient)."""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile

import pytest
from django.urls import reverse

from ablacem.edc.models import Patient, PatientIdentity
from ablacem.edc.selectors import tidy_dataset
from ablacem.protocol import ranges as rg

from .page_form import rendered_form

pytestmark = pytest.mark.db_backend

MISTYPED_BIRTH = dt.date(1066, 5, 12)


def test_the_identity_form_refuses_an_implausible_birth_date(client_as, world):
    client = client_as("coordinator")
    url = reverse("edc:identity_edit", args=[world["patient"].pk])
    form = rendered_form(client.get(url).content.decode(), containing="birth_date")
    refused = client.post(url, {**form, "birth_date": MISTYPED_BIRTH.isoformat(), "reason": "typo"})
    assert refused.status_code == 422
    assert rg.BIRTH_DATE.message in refused.content.decode()
    assert PatientIdentity.objects.get(patient=world["patient"]).birth_date != MISTYPED_BIRTH


def test_the_enrolment_form_refuses_an_enrolment_date_outside_the_study_period(client_as, users):
    client = client_as("coordinator")
    url = reverse("edc:enrol")
    form = rendered_form(client.get(url).content.decode(), containing="enrolled_on")
    assert "birth_date" in form
    data = {**form, "eligibility_confirmed": "on", "age": "60", "sex": "M", "ecog": "1"}
    data |= {"diagnosis": "malignant", "primary_tumour": "lung", "enrolled_on": "0001-01-01"}
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert rg.ENROLMENT_DATE.message in refused.content.decode()
    data |= {"enrolled_on": "2025-03-01", "birth_date": MISTYPED_BIRTH.isoformat()}
    refused = client.post(url, data)
    assert refused.status_code == 422 and rg.BIRTH_DATE.message in refused.content.decode()
    assert not Patient.objects.exists()


def _store_mistyped_dates(world):
    """What the database may already hold: rows saved before the forms applied the rule."""
    PatientIdentity.objects.filter(patient=world["patient"]).update(birth_date=MISTYPED_BIRTH)
    Patient.objects.filter(pk=world["patient"].pk).update(enrolled_on=dt.date(1, 1, 1))


def _body(response, identified: bool) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    (problems,) = [name for name in archive.namelist() if name.endswith("problems.txt")]
    listed = archive.read(problems).decode()
    # both stored dates are named (by study ID only in an identified export), never their value
    for rule in (rg.BIRTH_DATE, rg.ENROLMENT_DATE):
        assert (f"ABL-001: {rule.message}" if identified else f"1 patient(s): {rule.message}") in listed
    return b"\n".join(archive.read(name) for name in sorted(archive.namelist()))


@pytest.mark.parametrize(
    ("url", "post"),
    [
        ("edc:dataset_zip", {"identified": "1"}),
        ("edc:interop_download", {"fmt": "csv", "identified": "1"}),
        ("edc:interop_download", {"fmt": "odm", "identified": "1"}),
        ("edc:interop_download", {"fmt": "redcap", "identified": "1"}),
        ("edc:dataset_zip", {}),
        ("edc:interop_download", {"fmt": "csv"}),
    ],
)
def test_identified_downloads_still_work_with_a_stored_mistyped_birth_date(client_as, world, caplog, url, post):
    _store_mistyped_dates(world)
    caplog.set_level(logging.DEBUG)
    response = client_as("data_manager").post(reverse(url), post)
    assert response.status_code == 200
    identified = post.get("identified") == "1"
    body = _body(response, identified=identified)
    assert identified or b"ABL-001" not in body  # a de-identified export names no patient
    assert b"ABL-001" in body or b"P-" in body  # the patient's rows were exported
    assert b"1066" not in body and b"0001-01-01" not in body
    assert "1066" not in caplog.text


def test_the_tidy_dataset_keeps_a_stored_implausible_birth_date_and_names_the_problem(world, caplog):
    from ablacem.dataset import consistency_problems

    PatientIdentity.objects.filter(patient=world["patient"]).update(birth_date=dt.date(1850, 1, 1))
    dataset = tidy_dataset(include_identifiers=True)
    assert dataset.identifiers["birth_date"].dt.year.tolist() == [1850]  # still exported, as stored
    problems = [p for p in consistency_problems(dataset) if p.column == "birth_date"]
    assert [p.message for p in problems] == [rg.BIRTH_DATE.message]
    assert "1850" not in str(problems[0])
