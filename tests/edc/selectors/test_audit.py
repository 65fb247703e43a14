"""The audit trail: who, when, old, new, reason; identity changes only when allowed; CSV."""

import csv
import datetime as dt
import io

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.selectors import audit_trail_csv, patient_audit_trail
from tests.edc.conftest import DAY0, ITEMS, PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_edit_with_reason_is_in_the_trail(treated_patient, coordinator, investigator):
    patient, _, _ = treated_patient
    visit = services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=DAY0,
        vas_worst=8.0,
        items=ITEMS,
        actor=Actor.staff(coordinator),
    )
    services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=DAY0,
        vas_worst=7.0,
        items=ITEMS,
        expected_version=visit.version,
        reason="patient corrected the score",
        actor=Actor.staff(investigator),
    )
    rows = patient_audit_trail(patient=patient)
    change = [r for r in rows if r.field == "vas_worst" and r.change == "changed"]
    assert len(change) == 1
    row = change[0]
    assert (row.who, row.old, row.new, row.reason, row.record) == (
        "investigator_user",
        "8.0",
        "7.0",
        "patient corrected the score",
        "baseline visit",
    )
    created = [r for r in rows if r.field == "vas_worst" and r.change == "created"]
    assert [(r.who, r.new) for r in created] == [("coordinator_user", "8.0")]


def test_identity_changes_only_with_identifiers(coordinator):
    from tests.edc.conftest import enrol

    patient = enrol(coordinator, name="Ann Example")
    assert not [r for r in patient_audit_trail(patient=patient) if r.field == "name"]
    assert [r.new for r in patient_audit_trail(patient=patient, include_identifiers=True) if r.field == "name"] == [
        "Ann Example"
    ]


def test_csv_export(treated_patient):
    patient, _, _ = treated_patient
    rows = patient_audit_trail(patient=patient)
    parsed = list(csv.DictReader(io.StringIO(audit_trail_csv(rows))))
    assert len(parsed) == len(rows) > 0
    assert list(parsed[0]) == ["when", "who", "model", "record", "change", "field", "old", "new", "reason"]
    assert {r["model"] for r in parsed} >= {"patient", "lesion", "procedure"}


def test_records_and_links_are_named_by_their_study_ids_never_database_keys(treated_patient, coordinator):
    patient, lesion, _ = treated_patient
    services.assessment_record(
        patient=patient,
        timepoint="m1",
        assessed_on=DAY0 + dt.timedelta(days=30),
        vas_worst=3.0,
        items=ITEMS,
        analgesics=[{"drug": "morphine", "route": "oral", "dose": 10, "unit": "mg", "per_day": 3}],
        actor=Actor.staff(coordinator),
    )
    services.imaging_record(
        lesion=lesion, timepoint="post", imaged_on=DAY0, local_status="controlled", actor=Actor.staff(coordinator)
    )
    services.adverse_event_record(
        patient=patient,
        onset_date=DAY0,
        term="haematoma",
        cirse_grade=1,
        serious=False,
        related_to="ablation",
        lesion=lesion,
        actor=Actor.staff(coordinator),
    )
    created = {(r.model, r.record, r.field): r.new for r in patient_audit_trail(patient=patient)}
    assert created[("adverse event", "ABL-001-AE1", "lesion")] == "ABL-001-L1"
    assert created[("procedure lesion", "ABL-001-P1", "lesion")] == "ABL-001-L1"
    assert created[("imaging", "post-procedure CT of ABL-001-L1", "local_status")] == "Controlled"
    assert created[("analgesic", "Morphine at the 1 month visit", "assessment")] == "1 month visit"
    assert created[("assessment", "1 month visit", "vas_worst")] == "3.0"


def test_signing_and_unlocking_the_casebook_are_in_the_trail(treated_patient, investigator, data_manager):
    patient, _, _ = treated_patient
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(investigator), confirm_open_follow_up=True
    )
    services.casebook_unlock(patient=patient, reason="query on the 1-week pain score", actor=Actor.staff(data_manager))
    rows = [r for r in patient_audit_trail(patient=patient) if r.model == "casebook signature"]
    signed = {r.field: r.new for r in rows if r.change == "created"}
    assert signed["signed_by"] == "investigator_user" and signed["is_active"] == "Yes"
    unlocked = {r.field: (r.old, r.new, r.who, r.reason) for r in rows if r.change == "changed"}
    assert unlocked["is_active"] == ("Yes", "No", "data_manager_user", "query on the 1-week pain score")
    assert unlocked["unlocked_by"][1] == "data_manager_user"
    assert unlocked["unlock_reason"][1] == "query on the 1-week pain score"


def test_the_trail_reads_labels_not_codes_and_names_each_record_once(treated_patient, coordinator, investigator):
    """Issue 8: codes (``cement_leak_symptomatic``, ``True``) and a doubled "casebook signature
    casebook signature of" were shown where a person reads labels."""
    patient, lesion, _ = treated_patient
    services.adverse_event_record(
        patient=patient,
        onset_date=DAY0,
        term="pain_flare",
        cirse_grade=3,
        serious=True,
        serious_criteria=["hospitalisation"],
        related_to="ablation",
        lesion=lesion,
        actor=Actor.staff(coordinator),
    )
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(investigator), confirm_open_follow_up=True
    )
    rows = patient_audit_trail(patient=patient)
    event = {r.field: r.new for r in rows if r.model == "adverse event"}
    assert (event["term"], event["serious"], event["serious_hospitalisation"]) == ("Pain flare", "Yes", "Yes")
    assert event["cirse_grade"] == "3 Additional therapy or stay > 48 h"
    signature = next(r for r in rows if r.model == "casebook signature")
    assert signature.name.startswith("casebook signature of ") and signature.name.count("casebook signature") == 1
    assert {r.name for r in rows if r.model == "procedure"} == {"procedure"}
    assert {r.name for r in rows if r.model == "lesion"} == {"lesion ABL-001-L1"}


def test_times_in_the_trail_are_in_the_site_time_zone_never_raw_utc(
    treated_patient, investigator, data_manager, settings
):
    from zoneinfo import ZoneInfo

    from ablacem.edc.models import CasebookSignature
    from ablacem.edc.site_time import site_time

    settings.TIME_ZONE = "Europe/Paris"
    patient, _, _ = treated_patient
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(investigator), confirm_open_follow_up=True
    )
    services.casebook_unlock(patient=patient, reason="query on the 1-week pain score", actor=Actor.staff(data_manager))
    signature = CasebookSignature.objects.get(patient=patient)
    rows = [r for r in patient_audit_trail(patient=patient) if r.model == "casebook signature"]
    unlocked_at = next(r.new for r in rows if r.field == "unlocked_at" and r.new)
    assert unlocked_at == site_time(signature.unlocked_at)
    assert "+00:00" not in unlocked_at and "T" not in unlocked_at
    paris = signature.unlocked_at.astimezone(ZoneInfo("Europe/Paris"))
    assert unlocked_at == paris.strftime("%Y-%m-%d %H:%M")
