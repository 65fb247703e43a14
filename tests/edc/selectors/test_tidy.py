"""tidy_dataset: derived visit statuses, de-identification and date shifting."""

import datetime as dt

import pandas as pd
import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.selectors import deidentified_tidy_dataset, tidy_dataset
from tests.edc.conftest import DAY0, ITEMS, enrol, treat

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_unrecorded_visits_get_a_derived_status(treated_patient, coordinator):
    patient, _, _ = treated_patient
    services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=DAY0,
        vas_worst=8.0,
        items=ITEMS,
        actor=Actor.staff(coordinator),
    )
    death = DAY0 + dt.timedelta(days=20)
    services.end_of_study_record(
        patient=patient,
        end_reason="died",
        end_date=death,
        death_date=death,
        expected_version=patient.version,
        actor=Actor.staff(coordinator),
    )
    ds = tidy_dataset(as_of=DAY0 + dt.timedelta(days=21))
    # post (day 0) and w1 (days 5-10) closed unrecorded -> missed; m1 and m3 open after death -> died.
    assert ds.assessments.set_index("timepoint")["status"].to_dict() == {
        "baseline": "done",
        "post": "missed",
        "w1": "missed",
        "m1": "died",
        "m3": "died",
    }


def test_identifiers_only_when_asked(coordinator):
    patient = enrol(coordinator, name="Ann Example", hospital_number="H7654321")
    treat(coordinator, patient)
    assert tidy_dataset().identifiers.empty
    identified = tidy_dataset(include_identifiers=True).identifiers
    assert identified[["patient_id", "name", "hospital_number"]].values.tolist() == [
        ["ABL-001", "Ann Example", "H7654321"]
    ]


def test_shifted_dates_keep_intervals(treated_patient, coordinator):
    patient, _, _ = treated_patient
    shift = patient.identity.date_shift_days
    true, shifted = tidy_dataset(), deidentified_tidy_dataset()
    assert (shifted.patients["enrolled_on"] - true.patients["enrolled_on"]).iloc[0] == pd.Timedelta(days=shift)
    assert (shifted.procedures["procedure_date"] - true.procedures["procedure_date"]).iloc[0] == pd.Timedelta(
        days=shift
    )


def test_free_text_only_with_identifiers(treated_patient, coordinator):
    patient, _, _ = treated_patient
    services.adverse_event_record(
        patient=patient,
        onset_date=DAY0,
        term="haematoma",
        cirse_grade=1,
        serious=False,
        related_to="ablation",
        description="seen by Dr Example on the ward",
        actor=Actor.staff(coordinator),
    )
    assert tidy_dataset(include_identifiers=True).adverse_events["description"].tolist() == [
        "seen by Dr Example on the ward"
    ]
    assert tidy_dataset().adverse_events["description"].isna().all()


def test_the_dataset_holds_only_the_patients_its_actor_may_read_for_that_purpose(coordinator):
    """tidy_dataset(actor=, action=) reads patients through ``visible_to``: a patient's own
    actor gets only that patient, a role without the export permission gets nobody, the
    statistician's de-identified export every patient; the command line (no actor) everyone."""
    from ablacem.edc.actors import Actor
    from ablacem.edc.roles import Action
    from ablacem.edc.services import user_create

    first, second = enrol(coordinator), enrol(coordinator)
    treat(coordinator, first)
    treat(coordinator, second)
    statistician = user_create(
        username="stat_user", role="statistician", password="Ablation-Cement-2025", actor=Actor.system()
    )
    monitor = user_create(username="mon_user", role="monitor", password="Ablation-Cement-2025", actor=Actor.system())

    def ids(**kwargs):
        return sorted(tidy_dataset(**kwargs).patients["patient_id"])

    assert ids() == [first.study_id, second.study_id]
    assert ids(actor=Actor.for_patient(second)) == [second.study_id]
    assert ids(actor=Actor.staff(statistician), action=Action.EXPORT_DEIDENTIFIED) == ids()
    assert ids(actor=Actor.staff(monitor), action=Action.EXPORT_DEIDENTIFIED) == []
    assert ids(actor=Actor.staff(statistician)) == []  # a statistician reads no patient pages
    scoped = tidy_dataset(actor=Actor.for_patient(second))
    assert set(scoped.assessments["patient_id"]) <= {second.study_id}
    assert set(scoped.lesions["patient_id"]) == {second.study_id}
    assert len(deidentified_tidy_dataset(actor=Actor.staff(monitor)).patients) == 0
