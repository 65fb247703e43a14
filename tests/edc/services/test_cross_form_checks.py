"""Cross-form rules refused (or asked to be confirmed) when a form is saved (issue 8).

The same rules are listed by ``consistency_problems`` (tests/dataset/test_consistency.py); both
call :mod:`ablacem.dataset.rules`.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import AdverseEvent, Assessment, Lesion
from tests.edc.conftest import DAY0, ITEMS, enrol


def test_enrolment_refuses_an_age_that_does_not_match_the_date_of_birth(coordinator):
    # Enrolled 2025-03-03, born 1960-06-01: 64 years old, not 50.
    with pytest.raises(ValidationError) as exc:
        enrol(coordinator, age=50, birth_date=dt.date(1960, 6, 1))
    assert exc.value.message_dict["age"] == [
        "Age at enrolment 50 does not match the date of birth: the patient was 64 on the date of consent"
    ]
    assert enrol(coordinator, age=64, birth_date=dt.date(1960, 6, 1)).age == 64


def test_the_identity_form_saved_second_refuses_a_birth_date_that_contradicts_the_age(coordinator):
    patient = enrol(coordinator, age=64)
    identity = patient.identity
    with pytest.raises(ValidationError) as exc:
        services.patient_identity_update(
            patient=patient,
            birth_date=dt.date(1950, 6, 1),
            expected_version=identity.version,
            actor=Actor.staff(coordinator),
        )
    assert list(exc.value.message_dict) == ["birth_date"]
    assert "does not match the date of birth" in exc.value.message_dict["birth_date"][0]
    services.patient_identity_update(
        patient=patient,
        birth_date=dt.date(1960, 6, 1),
        expected_version=identity.version,
        reason="birth date from the hospital record",
        actor=Actor.staff(coordinator),
    )
    # And the enrolment form saved second refuses an age the recorded birth date contradicts.
    with pytest.raises(ValidationError) as exc:
        services.patient_update(
            patient=patient, age=50, expected_version=patient.version, reason="typo", actor=Actor.staff(coordinator)
        )
    assert "the patient was 64 on the date of consent" in exc.value.message_dict["age"][0]


def test_a_complete_visit_with_blank_items_needs_the_reason(treated_patient, coordinator):
    patient, _, _ = treated_patient
    visit = {
        "patient": patient,
        "timepoint": "post",
        "assessed_on": DAY0,
        "vas_worst": 5.0,
        "actor": Actor.staff(coordinator),
    }
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(**visit)  # 0 of 30 items, "complete"
    assert exc.value.message_dict["qlqc30_missing_reason"][0].startswith("none of the 30 QLQ-C30 items is answered")
    assert not Assessment.objects.exists()
    # In progress: blanks allowed; complete with the reason: partially completed, saved.
    services.assessment_record(**visit, complete=False)
    saved = services.assessment_record(
        **visit,
        items={**ITEMS, "q5": None},
        qlqc30_missing_reason="declined",
        expected_version=Assessment.objects.get().version,
    )
    assert (saved.qlqc30_missing_reason, saved.q5, saved.form_state) == ("declined", None, "complete")


def test_a_symptomatic_leak_event_is_refused_when_the_procedure_says_not_symptomatic(treated_patient, coordinator):
    patient, lesion, _ = treated_patient  # the procedure recorded no leakage
    event = {
        "patient": patient,
        "onset_date": DAY0,
        "term": "cement_leak_symptomatic",
        "cirse_grade": 2,
        "serious": False,
        "related_to": "cement",
        "lesion": lesion,
        "actor": Actor.staff(coordinator),
    }
    with pytest.raises(ValidationError) as exc:
        services.adverse_event_record(**event)
    assert exc.value.message_dict["term"] == [
        "the adverse event is a 'Symptomatic cement leakage', but the procedure records no symptomatic leakage "
        f"at lesion {lesion.lesion_id}: correct the procedure or the event"
    ]
    assert not AdverseEvent.objects.exists()


def _procedure(patient, lesion, user, *, symptomatic, confirmed=(), version=None, reason=""):
    return services.procedure_record(
        patient=patient,
        procedure_date=DAY0,
        guidance="ct",
        anaesthesia="sedation",
        treated_lesions=[
            {
                "lesion": lesion,
                "modality": "rfa",
                "cement_ml": 4.0,
                "cement_leakage": True,
                "leakage_type": "S",
                "leakage_symptomatic": symptomatic,
                "technical_success": True,
            }
        ],
        confirmed=confirmed,
        expected_version=version,
        reason=reason,
        actor=Actor.staff(user),
    )


def test_a_symptomatic_leak_asks_for_its_event_and_cannot_be_undone_while_the_event_needs_it(coordinator):
    patient = enrol(coordinator)
    lesion = services.lesion_create(patient=patient, site="T8", lesion_type="lytic", actor=Actor.staff(coordinator))
    with pytest.raises(ValidationError) as exc:
        _procedure(patient, lesion, coordinator, symptomatic=True)
    (message,) = exc.value.message_dict["treated_lesions-0-leakage_symptomatic"]
    assert message == (
        f"a symptomatic leakage at lesion {lesion.lesion_id} needs an adverse event 'Symptomatic cement leakage': "
        "record it: confirm to save it as entered"
    )
    session = _procedure(patient, lesion, coordinator, symptomatic=True, confirmed={"leak_without_event"})
    services.adverse_event_record(
        patient=patient,
        onset_date=DAY0,
        term="cement_leak_symptomatic",
        cirse_grade=2,
        serious=False,
        related_to="cement",
        lesion=lesion,
        actor=Actor.staff(coordinator),
    )
    with pytest.raises(ValidationError) as exc:
        _procedure(patient, lesion, coordinator, symptomatic=False, version=session.version, reason="re-read the CT")
    assert (
        "adverse event ABL-001-AE1 is a 'Symptomatic cement leakage'"
        in (exc.value.message_dict["treated_lesions-0-leakage_symptomatic"][0])
    )


def test_seriousness_is_checked_against_the_grade_and_stored_with_its_criteria(treated_patient, coordinator):
    patient, _, _ = treated_patient
    event = {
        "patient": patient,
        "onset_date": DAY0,
        "term": "death",
        "cirse_grade": 6,
        "related_to": "other",
        "outcome": "fatal",
        "actor": Actor.staff(coordinator),
    }
    with pytest.raises(ValidationError) as exc:
        services.adverse_event_record(**event, serious=False)
    assert exc.value.message_dict["serious"] == ["a death event is a serious adverse event"]
    with pytest.raises(ValidationError) as exc:
        services.adverse_event_record(**event, serious=True)
    assert exc.value.message_dict["serious_criteria"] == ["a serious adverse event needs its seriousness criteria"]
    saved = services.adverse_event_record(**event, serious=True, serious_criteria=["death"])
    assert saved.serious_criteria == ["death"] and saved.serious_death and not saved.serious_hospitalisation


def test_sins_components_contradicting_the_lesion_are_saved_only_when_confirmed(coordinator):
    patient = enrol(coordinator)
    lesion = {
        "patient": patient,
        "site": "L2",
        "lesion_type": "lytic",
        "sins_location": 1,
        "actor": Actor.staff(coordinator),
    }
    with pytest.raises(ValidationError) as exc:
        services.lesion_create(**lesion)
    assert exc.value.message_dict["sins_location"] == [
        "L2 is mobile spine (C3-C6, L2-L4) for the SINS location, not semi-rigid (T3-T10): "
        "confirm to save it as entered"
    ]
    assert not Lesion.objects.exists()
    saved = services.lesion_create(**lesion, confirmed={"sins_location"})
    assert saved.sins_location == 1
