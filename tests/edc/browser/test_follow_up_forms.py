"""The rest of a coordinator's forms in a real browser: CT per lesion (with an edit check that
keeps what was typed), an adverse event, a visit marked not done with its reason, and the end of
study (death), after which nothing is due any more."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ablacem.edc import services
from ablacem.edc.actors import Actor

from .test_coordinator_scenario import PASSWORD, iso, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.db_backend,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _treated_patient(user, day0: dt.date):
    """A patient with one lesion treated on ``day0`` (the enrolment and procedure forms have
    their own browser scenario)."""
    patient = services.patient_enrol(
        eligibility_confirmed=True,
        enrolled_on=day0 - dt.timedelta(days=5),
        age=72,
        sex="M",
        ecog=2,
        diagnosis="malignant",
        primary_tumour="lung",
        actor=Actor.staff(user),
    )
    lesion = services.lesion_create(
        patient=patient, site="femur", lesion_type="lytic", size_mm=31.0, actor=Actor.staff(user)
    )
    services.procedure_record(
        patient=patient,
        procedure_date=day0,
        guidance="ct",
        anaesthesia="general",
        treated_lesions=[
            {"lesion": lesion, "modality": "cryo", "cement_ml": 6.0, "cement_leakage": False, "technical_success": True}
        ],
        actor=Actor.staff(user),
    )
    return patient, lesion


def test_a_coordinator_records_imaging_an_adverse_event_a_missed_visit_and_a_death(page, live_server):
    user = services.user_create(
        username="ines", role="coordinator", password=PASSWORD, actor=Actor.system("createuser")
    )
    today = timezone.localdate()
    # Windows (ablacem.protocol): post day 0, 1 week days 5-10, 1 month days 23-40 (target 30),
    # 3 months days 76-110. On day 26 the 1-week window has closed and the 1-month visit is due
    # this week.
    day0 = today - dt.timedelta(days=26)
    patient, lesion = _treated_patient(user, day0)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, "ines")
    expect(page.locator("table[data-bucket=this_week]")).to_contain_text("1 month")

    # Post-procedure CT: a date before the procedure is refused next to the field, nothing typed is lost.
    page.goto(f"{live_server.url}/patients/{patient.pk}/")
    page.locator(f"#imaging-post-{lesion.pk} >> text=Record").click()
    page.fill("#id_imaged_on", iso(day0 - dt.timedelta(days=1)))
    page.select_option("#id_local_status", "controlled")
    page.select_option("#id_distant_progression", "false")
    page.click("button:text('Save')")
    expect(page.locator("#field-imaged_on .error")).to_contain_text(f"imaging is before the procedure ({iso(day0)})")
    expect(page.locator("#id_local_status")).to_have_value("controlled")
    expect(page.locator("#id_distant_progression")).to_have_value("false")
    page.fill("#id_imaged_on", iso(day0))
    page.click("button:text('Save')")
    scan = page.locator(f"#imaging-post-{lesion.pk}")
    expect(scan).to_contain_text(f"{iso(day0)}: Controlled")
    expect(scan).to_contain_text("Complete")
    expect(page.locator(f"#imaging-m3-{lesion.pk}")).to_contain_text("Not started")

    # An adverse event, at any time.
    page.click("text=Record an adverse event")
    page.select_option("#id_lesion", str(lesion.pk))
    page.fill("#id_onset_date", iso(day0 + dt.timedelta(days=2)))
    page.select_option("#id_term", "haematoma")
    page.select_option("#id_cirse_grade", "1")
    page.select_option("#id_serious", "false")
    page.select_option("#id_related_to", "ablation")
    # ICH E2A and the device study (issue 12): causality per device, expectedness, action, course.
    page.select_option("#id_relation_procedure", "probable")
    page.select_option("#id_relation_ablation", "possible")
    page.select_option("#id_relation_cement", "not_related")
    page.select_option("#id_expectedness", "expected")
    page.select_option("#id_action_taken", "medication")
    page.fill("#id_aware_date", iso(day0 + dt.timedelta(days=2)))
    page.select_option("#id_ongoing", "false")
    page.fill("#id_resolution_date", iso(day0 + dt.timedelta(days=4)))
    page.select_option("#id_outcome", "resolved")
    page.click("button:text('Save')")
    event = page.locator("#adverse-events tr", has_text=f"{patient.study_id}-AE1")
    expect(event).to_contain_text(iso(day0 + dt.timedelta(days=2)))
    expect(event).to_contain_text(f"({lesion.lesion_id})")

    # The 1-week visit was missed: marked not done, with the reason shown on the schedule.
    page.locator("#visit-w1 >> text=Not done").click()
    page.select_option("#id_status", "missed")
    page.fill("#id_not_done_reason", "patient could not be reached by phone")
    page.click("button[type=submit]:not(:text('Log out'))")
    expect(page.locator(".messages")).to_contain_text("1 week visit marked not done")
    page.goto(f"{live_server.url}/patients/{patient.pk}/")
    expect(page.locator("#visit-w1")).to_have_attribute("data-form-state", "not_done")
    expect(page.locator("#visit-w1")).to_contain_text("Missed (patient could not be reached by phone)")

    # The patient died yesterday (day 25), before the 1-month target day (30): neither the 1-month
    # nor the 3-month visit is expected any more (ablacem.protocol.windows.visit_state).
    page.click("text=Record the end of study")
    page.select_option("#id_end_reason", "died")
    page.fill("#id_end_date", iso(today - dt.timedelta(days=1)))
    page.fill("#id_death_date", iso(today - dt.timedelta(days=1)))
    page.click("button:text('Save')")
    expect(page.locator("#end-of-study")).to_contain_text(f"(died {iso(today - dt.timedelta(days=1))})")
    expect(page.locator("#visit-m3")).to_contain_text("not expected (study ended)")
    expect(page.locator("#visit-m1")).to_contain_text("not expected (study ended)")
    page.click("nav >> text=Dashboard")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    for bucket in ("overdue", "due_today", "this_week"):
        expect(page.locator(f"#worklist table[data-bucket={bucket}]")).to_have_count(0)
    expect(page.locator("#worklist")).not_to_contain_text("1 month")
    assert errors == [], errors
