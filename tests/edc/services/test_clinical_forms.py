"""Lesions, procedure, assessments, imaging and adverse events through their services."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Analgesic, Assessment, FormState, ProcedureLesion
from tests.edc.conftest import DAY0, ITEMS, enrol, treat

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_lesion_ids_region_and_totals(coordinator):
    patient = enrol(coordinator)
    # SINS (Fisher 2010): 3 + 3 + 2 + 0 + 2 + 1 = 11; Mirels (1989): 3 + 3 + 3 + 2 = 11.
    spine = services.lesion_create(
        patient=patient,
        site="T12",
        lesion_type="lytic",
        sins_location=3,
        sins_pain=3,
        sins_bone_lesion=2,
        sins_alignment=0,
        sins_collapse=2,
        sins_posterolateral=1,
        actor=Actor.staff(coordinator),
    )
    femur = services.lesion_create(
        patient=patient,
        site="femur",
        lesion_type="lytic",
        mirels_site=3,
        mirels_pain=3,
        mirels_lesion=3,
        mirels_size=2,
        actor=Actor.staff(coordinator),
    )
    assert (spine.lesion_id, spine.region, spine.sins_total, spine.mirels_total) == ("ABL-001-L1", "spinal", 11, None)
    assert (femur.lesion_id, femur.region, femur.mirels_total, femur.sins_total) == (
        "ABL-001-L2",
        "extraspinal",
        11,
        None,
    )
    updated = services.lesion_update(
        lesion=spine, expected_version=1, sins_pain=1, reason="re-read", actor=Actor.staff(coordinator)
    )
    assert updated.sins_total == 9


def test_procedure_one_session_several_lesions(coordinator):
    patient = enrol(coordinator)
    a = services.lesion_create(patient=patient, site="L1", lesion_type="lytic", actor=Actor.staff(coordinator))
    b = services.lesion_create(patient=patient, site="ilium", lesion_type="mixed", actor=Actor.staff(coordinator))
    common = {"cement_leakage": False, "technical_success": True}
    session = services.procedure_record(
        patient=patient,
        procedure_date=DAY0,
        guidance="ct",
        anaesthesia="general",
        duration_minutes=120,
        treated_lesions=[
            {"lesion": a, "modality": "rfa", "cement_ml": 5.0, **common},
            {"lesion": b, "modality": "cryo", "cement_ml": 12.0, **common},
        ],
        actor=Actor.staff(coordinator),
    )
    ids = sorted(ProcedureLesion.objects.filter(session=session).values_list("procedure_id", flat=True))
    assert ids == ["ABL-001-P1", "ABL-001-P2"]
    with pytest.raises(ValidationError):  # a second session is refused
        services.procedure_record(
            patient=patient,
            procedure_date=DAY0,
            guidance="ct",
            anaesthesia="general",
            treated_lesions=[{"lesion": a, "modality": "rfa", **common}],
            actor=Actor.staff(coordinator),
        )


def test_procedure_rejection_names_the_lesion_row_and_field(coordinator):
    patient = enrol(coordinator)
    lesion = services.lesion_create(patient=patient, site="L1", lesion_type="lytic", actor=Actor.staff(coordinator))
    with pytest.raises(ValidationError) as exc:
        services.procedure_record(
            patient=patient,
            procedure_date=DAY0,
            guidance="ct",
            anaesthesia="general",
            treated_lesions=[
                {
                    "lesion": lesion,
                    "modality": "rfa",
                    "cement_ml": 35.0,
                    "cement_leakage": False,
                    "leakage_type": "B",
                    "technical_success": True,
                }
            ],
            actor=Actor.staff(coordinator),
        )
    assert set(exc.value.message_dict) == {"treated_lesions-0-cement_ml", "treated_lesions-0-leakage_type"}
    assert not ProcedureLesion.objects.exists()


def baseline(patient, user, **kw):
    data = {
        "patient": patient,
        "timepoint": "baseline",
        "assessed_on": DAY0,
        "vas_worst": 8.0,
        "vas_average": 6.5,
        "items": {**ITEMS, "q1": 2, "q29": 3, "q30": 4},
        "analgesics": [{"drug": "oxycodone", "route": "oral", "dose": 10.0, "unit": "mg", "per_day": 2.0}],
        "actor": Actor.staff(user),
    }
    data.update(kw)
    return services.assessment_record(**data)


def test_assessment_with_analgesics(treated_patient, coordinator):
    patient, _, _ = treated_patient
    visit = baseline(patient, coordinator)
    assert (visit.status, visit.form_state, visit.q29) == ("done", FormState.COMPLETE, 3)
    assert list(visit.analgesics.values_list("drug", "dose", "per_day")) == [("oxycodone", 10.0, 2.0)]


def test_rejected_assessment_keeps_nothing_and_names_fields(treated_patient, coordinator):
    patient, _, _ = treated_patient
    with pytest.raises(ValidationError) as exc:
        baseline(
            patient,
            coordinator,
            vas_worst=11,
            items={**ITEMS, "q5": 9},
            analgesics=[{"drug": "morphine", "route": "oral", "dose": -1, "unit": "mg", "per_day": 1}],
        )
    assert set(exc.value.message_dict) == {"vas_worst", "q5", "analgesics-0-dose"}
    assert not Assessment.objects.exists() and not Analgesic.objects.exists()


def test_editing_a_complete_visit_requires_a_reason_kept_in_history(treated_patient, coordinator):
    patient, _, _ = treated_patient
    visit = baseline(patient, coordinator)
    with pytest.raises(ValidationError) as exc:
        baseline(patient, coordinator, vas_worst=7.0, expected_version=visit.version)
    assert "reason" in exc.value.message_dict
    baseline(patient, coordinator, vas_worst=7.0, expected_version=visit.version, reason="transcription error")
    last = Assessment.history.filter(id=visit.pk).order_by("-history_id").first()
    assert (last.vas_worst, last.history_change_reason) == (7.0, "transcription error")
    assert last.prev_record.vas_worst == 8.0


def test_two_people_editing_the_same_visit(treated_patient, coordinator, investigator):
    patient, _, _ = treated_patient
    visit = baseline(patient, coordinator)
    opened = visit.version
    baseline(patient, investigator, vas_worst=7.5, expected_version=opened, reason="first")
    with pytest.raises(services.StaleEditError, match="changed by investigator_user"):
        baseline(patient, coordinator, vas_worst=6.0, expected_version=opened, reason="second")
    visit.refresh_from_db()
    assert visit.vas_worst == 7.5


def test_assessment_after_death_is_refused(treated_patient, coordinator):
    patient, _, _ = treated_patient
    death = DAY0 + dt.timedelta(days=3)
    services.end_of_study_record(
        patient=patient,
        end_reason="died",
        end_date=death,
        death_date=death,
        expected_version=patient.version,
        actor=Actor.staff(coordinator),
    )
    patient.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(
            patient=patient,
            timepoint="w1",
            assessed_on=DAY0 + dt.timedelta(days=7),
            vas_worst=2.0,
            items=ITEMS,
            actor=Actor.staff(coordinator),
        )
    assert "assessment after the patient's death" in exc.value.message_dict["assessed_on"][0]


def test_out_of_window_visit_is_saved_with_its_reason(treated_patient, coordinator):
    patient, _, _ = treated_patient
    late = DAY0 + dt.timedelta(days=12)
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(
            patient=patient,
            timepoint="w1",
            assessed_on=late,
            vas_worst=4.0,
            items=ITEMS,
            actor=Actor.staff(coordinator),
        )
    assert list(exc.value.message_dict) == ["out_of_window_reason"]
    visit = services.assessment_record(
        patient=patient,
        timepoint="w1",
        assessed_on=late,
        vas_worst=4.0,
        items=ITEMS,
        out_of_window_reason="patient on holiday",
        actor=Actor.staff(coordinator),
    )
    assert visit.out_of_window_reason == "patient on holiday"


def test_mark_not_done_then_record_needs_a_reason(treated_patient, coordinator):
    patient, _, _ = treated_patient
    visit = services.assessment_mark_not_done(
        patient=patient,
        timepoint="post",
        status="missed",
        not_done_reason="patient asleep",
        actor=Actor.staff(coordinator),
    )
    assert (visit.status, visit.form_state) == ("missed", FormState.NOT_DONE)
    with pytest.raises(ValidationError):
        services.assessment_mark_not_done(
            patient=patient, timepoint="w1", status="done", not_done_reason="", actor=Actor.staff(coordinator)
        )


def test_imaging_before_procedure_refused_then_recorded(treated_patient, coordinator):
    _patient, lesion, _ = treated_patient
    with pytest.raises(ValidationError) as exc:
        services.imaging_record(
            lesion=lesion,
            timepoint="post",
            imaged_on=DAY0 - dt.timedelta(days=1),
            local_status="controlled",
            actor=Actor.staff(coordinator),
        )
    assert list(exc.value.message_dict) == ["imaged_on"]
    scan = services.imaging_record(
        lesion=lesion, timepoint="post", imaged_on=DAY0, local_status="controlled", actor=Actor.staff(coordinator)
    )
    assert scan.form_state == FormState.COMPLETE


def test_adverse_events_get_ids_and_changes_need_reason(treated_patient, coordinator):
    patient, lesion, _ = treated_patient
    ae = services.adverse_event_record(
        patient=patient,
        onset_date=DAY0,
        term="pain_flare",
        cirse_grade=1,
        serious=False,
        related_to="ablation",
        lesion=lesion,
        actor=Actor.staff(coordinator),
    )
    assert ae.ae_id == "ABL-001-AE1"
    with pytest.raises(ValidationError):
        services.adverse_event_record(
            patient=patient,
            onset_date=DAY0,
            term="pain_flare",
            cirse_grade=2,
            serious=False,
            related_to="ablation",
            adverse_event=ae,
            expected_version=ae.version,
            actor=Actor.staff(coordinator),
        )
    changed = services.adverse_event_record(
        patient=patient,
        onset_date=DAY0,
        term="pain_flare",
        cirse_grade=2,
        serious=False,
        related_to="ablation",
        adverse_event=ae,
        expected_version=ae.version,
        reason="regraded",
        actor=Actor.staff(coordinator),
    )
    assert changed.cirse_grade == 2 and changed.version == 2


def test_cement_above_thirty_needs_confirmation(coordinator):
    patient = enrol(coordinator)
    with pytest.raises(ValidationError):
        treat(coordinator, patient, cement_ml=32.0)
    lesion = patient.lesions.get()
    services.procedure_record(
        patient=patient,
        procedure_date=DAY0,
        guidance="ct",
        anaesthesia="general",
        confirmed={"cement_ml"},
        treated_lesions=[
            {"lesion": lesion, "modality": "rfa", "cement_ml": 32.0, "cement_leakage": False, "technical_success": True}
        ],
        actor=Actor.staff(coordinator),
    )
    assert ProcedureLesion.objects.get().cement_ml == 32.0


def test_a_visit_cannot_be_marked_missed_before_its_window_opens(coordinator):
    # Issue 8: the 3-month visit was accepted as "not done / missed" two months before its window.
    today = timezone.localdate()
    patient = enrol(coordinator)
    treat(coordinator, patient, day0=today)
    patient.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.assessment_mark_not_done(
            patient=patient,
            timepoint="m3",
            status="missed",
            not_done_reason="unreachable",
            actor=Actor.staff(coordinator),
        )
    lower, upper = today + dt.timedelta(days=76), today + dt.timedelta(days=110)
    [message] = exc.value.message_dict["status"]
    assert "3 months" in message and f"{lower:%Y-%m-%d} to {upper:%Y-%m-%d}" in message
    assert not Assessment.objects.filter(patient=patient, timepoint="m3").exists()
    # The post-procedure visit's window is open today: it can be marked missed.
    services.assessment_mark_not_done(
        patient=patient, timepoint="post", status="missed", not_done_reason="asleep", actor=Actor.staff(coordinator)
    )


def test_a_withdrawal_can_be_recorded_on_a_visit_before_its_window(coordinator):
    today = timezone.localdate()
    patient = enrol(coordinator)
    treat(coordinator, patient, day0=today)
    patient.refresh_from_db()
    services.end_of_study_record(
        patient=patient,
        end_reason="withdrew",
        end_date=today,
        expected_version=patient.version,
        actor=Actor.staff(coordinator),
    )
    patient.refresh_from_db()
    visit = services.assessment_mark_not_done(
        patient=patient,
        timepoint="m3",
        status="withdrawn",
        not_done_reason="withdrew consent",
        actor=Actor.staff(coordinator),
    )
    assert visit.status == "withdrawn"
