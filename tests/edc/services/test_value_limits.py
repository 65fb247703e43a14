"""Values the services refuse: more decimals than declared (``1e-320``), texts longer than
declared, and a date of birth that does not give the recorded age."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from django.core.exceptions import ValidationError

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import AdverseEvent, Assessment, PatientIdentity
from ablacem.protocol import ranges as rg
from tests.edc.conftest import DAY0, ITEMS, enrol

pytestmark = pytest.mark.db_backend


def _messages(caught) -> dict[str, list[str]]:
    return caught.value.message_dict


def test_a_vas_of_1e_320_is_refused_as_too_many_decimals(treated_patient, coordinator):
    patient, _, _ = treated_patient
    with pytest.raises(ValidationError) as caught:
        services.assessment_record(
            patient=patient,
            timepoint="baseline",
            assessed_on=DAY0 - dt.timedelta(days=2),
            vas_worst=1e-320,
            items=ITEMS,
            actor=Actor.staff(coordinator),
        )
    assert _messages(caught) == {"vas_worst": ["VAS pain allows at most 1 decimal(s)"]}
    assert not Assessment.objects.filter(patient=patient, timepoint="baseline").exists()


def test_a_cement_volume_of_1e_320_is_refused(coordinator):
    patient = enrol(coordinator)
    with pytest.raises(ValidationError) as caught:
        from tests.edc.conftest import treat

        treat(coordinator, patient, cement_ml=1e-320)
    assert "cement volume allows at most 1 decimal(s)" in str(caught.value)


def test_a_one_megabyte_adverse_event_description_is_refused_naming_field_and_limit(treated_patient, coordinator):
    patient, lesion, _ = treated_patient
    with pytest.raises(ValidationError) as caught:
        services.adverse_event_record(
            patient=patient,
            onset_date=DAY0,
            term="pain_flare",
            cirse_grade=1,
            serious=False,
            related_to="ablation",
            lesion=lesion,
            description="x" * 1_048_576,
            actor=Actor.staff(coordinator),
        )
    assert _messages(caught) == {
        "description": [f"Description must be at most {rg.DESCRIPTION_MAX_CHARS} characters (this one has 1048576)"]
    }
    assert not AdverseEvent.objects.exists()


def test_a_reason_longer_than_the_limit_is_refused_and_nothing_changes(treated_patient, coordinator):
    patient, _, _ = treated_patient
    visit = services.assessment_mark_not_done(
        patient=patient, timepoint="w1", status="missed", not_done_reason="away", actor=Actor.staff(coordinator)
    )
    with pytest.raises(ValidationError) as caught:
        services.assessment_mark_not_done(
            patient=patient,
            timepoint="w1",
            status="missed",
            not_done_reason="y" * (rg.REASON_MAX_CHARS + 1),
            expected_version=visit.version,
            reason="typo",
            actor=Actor.staff(coordinator),
        )
    assert _messages(caught)["not_done_reason"] == [
        f"Why the visit was not done must be at most {rg.REASON_MAX_CHARS} characters (this one has 501)"
    ]
    with pytest.raises(ValidationError) as caught:
        services.assessment_mark_not_done(
            patient=patient,
            timepoint="w1",
            status="missed",
            not_done_reason="on holiday",
            expected_version=visit.version,
            reason="z" * 10_000,
            actor=Actor.staff(coordinator),
        )
    assert _messages(caught) == {
        "reason": [f"The reason must be at most {rg.REASON_MAX_CHARS} characters (this one has 10000)"]
    }
    visit.refresh_from_db()
    assert visit.not_done_reason == "away"


def test_birth_date_1900_with_age_60_is_refused_at_enrolment(coordinator):
    with pytest.raises(ValidationError) as caught:
        enrol(coordinator, age=60, birth_date=dt.date(1900, 1, 1))
    assert "does not match the date of birth" in str(caught.value)


def test_birth_date_1900_with_age_60_is_refused_on_the_identity_form(coordinator):
    patient = enrol(coordinator, age=60)
    with pytest.raises(ValidationError) as caught:
        services.patient_identity_update(
            patient=patient, birth_date=dt.date(1900, 1, 1), expected_version=None, actor=Actor.staff(coordinator)
        )
    assert "does not match the date of birth" in str(caught.value)
    assert PatientIdentity.objects.get(patient=patient).birth_date is None


def test_an_import_with_birth_date_1900_and_age_60_is_refused_and_nothing_is_stored(db, tmp_path):
    from ablacem.dataset import write_dataset
    from ablacem.edc.models import Patient
    from ablacem.synth import generate

    dataset = generate(3, 7)
    dataset.identifiers.loc[0, "birth_date"] = pd.Timestamp("1900-01-01")
    patient_id = dataset.identifiers.loc[0, "patient_id"]
    dataset.patients.loc[dataset.patients["patient_id"] == patient_id, "age"] = 60
    write_dataset(dataset, tmp_path)
    with pytest.raises(services.DatasetImportError) as caught:
        services.dataset_import(source=tmp_path, actor=Actor.system("import"))
    assert "column age: Age at enrolment 60 does not match the date of birth" in str(caught.value)
    assert not Patient.objects.exists()
