"""A coordinator's study in a real browser: log in, enrol, lesion, procedure, every visit, the
worklist changing, a change with a reason found in the audit trail, and the report download.
Plus: failed logins lock out, and a monitor cannot save."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.project.request_log import RequestIdFilter
from ablacem.project.settings.base import LOG_FORMATS

# Serialized rollback: the live server needs a transactional database, whose flush would
# otherwise also remove the rows created by migrations (the role groups) for later tests.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.db_backend,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Cement-and-Probes-2025"


def log_in(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


def iso(day: dt.date) -> str:
    return day.isoformat()


def record_visit(page, label: str, day: dt.date, worst: str, *, items: bool = False, analgesic: bool = False):
    """From the patient page: open the visit's form, fill it and save it complete."""
    page.locator(f"tr:has(td:text-is('{label}')) >> text=Record").click()
    page.fill("#id_assessed_on", iso(day))
    page.fill("#id_vas_worst", worst)
    page.fill("#id_vas_average", worst)
    if analgesic:
        page.select_option("#id_analgesics-0-drug", "oxycodone")
        page.select_option("#id_analgesics-0-route", "oral")
        page.fill("#id_analgesics-0-dose", "10")
        page.select_option("#id_analgesics-0-unit", "mg")
        page.fill("#id_analgesics-0-per_day", "2")
        page.click("button[data-add-line=analgesics]")  # a third line, beyond the two empty ones
        page.select_option("#id_analgesics-2-drug", "paracetamol")
        page.select_option("#id_analgesics-2-route", "oral")
        page.fill("#id_analgesics-2-dose", "1")
        page.select_option("#id_analgesics-2-unit", "g")
        page.fill("#id_analgesics-2-per_day", "4")
    if items:
        for i in range(1, 29):
            page.check(f"input[name=q{i}][value='2']")
        page.check("input[name=q29][value='4']")
        page.check("input[name=q30][value='5']")
    else:  # a complete visit without the questionnaire says why (none is preselected)
        expect(page.locator("#qlqc30 input:checked")).to_have_count(0)
        page.select_option("#id_qlqc30_missing_reason", "not_administered")
    page.click("button[name=save_complete]")
    expect(page.locator(".messages")).to_contain_text(f"{label} visit saved (complete)")


@pytest.fixture
def production_logs():
    """Every log record of the test, formatted as production writes them (JSON, request id)."""
    from django.utils.module_loading import import_string

    spec = dict(LOG_FORMATS["json"])
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(import_string(spec.pop("()"))(**spec))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def test_a_new_coordinator_runs_a_patient_through_the_study(page, live_server, production_logs):
    services.user_create(username="nadia", role="coordinator", password=PASSWORD, actor=Actor.system("createuser"))
    today = timezone.localdate()
    day0 = today - dt.timedelta(days=95)  # the 3-month visit (day 90, window 76-110) is now overdue

    errors = []  # script errors and missing files (a rejected form answers 422, which is expected)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(response.url) if response.status == 404 else None)
    log_in(page, live_server, "nadia")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator("#enrolment .stat")).to_have_text("0 / 40")

    # Enrol.
    page.click("text=Enrol a patient")
    page.check("#id_eligibility_confirmed")
    page.fill("#id_enrolled_on", iso(day0 - dt.timedelta(days=10)))
    page.fill("#id_age", "67")
    page.select_option("#id_sex", "F")
    page.select_option("#id_ecog", "1")
    page.select_option("#id_diagnosis", "malignant")
    page.select_option("#id_primary_tumour", "breast")
    page.fill("#id_name", "Test Patient")
    page.fill("#id_hospital_number", "HN-7731-QZ")
    birth_date = (day0 - dt.timedelta(days=10)).replace(year=day0.year - 68) + dt.timedelta(days=30)
    page.fill("#id_birth_date", iso(birth_date))
    page.click("button:text('Enrol')")
    expect(page.locator("h1")).to_contain_text("ABL-001")
    expect(page.locator("#identity")).to_contain_text("Test Patient")

    # A spinal lesion with its SINS components (Fisher 2010: 1 + 3 + 2 + 0 + 1 + 1 = 8).
    page.click("text=Add a lesion")
    page.select_option("#id_site", "femur")
    expect(page.locator("#set-sins-compone")).to_be_hidden()  # SINS is for vertebral lesions
    page.select_option("#id_site", "T8")
    expect(page.locator("#set-mirels-compo")).to_be_hidden()
    page.select_option("#id_lesion_type", "lytic")
    page.fill("#id_size_mm", "24")
    for name, value in (("location", "1"), ("pain", "3"), ("bone_lesion", "2"), ("alignment", "0")):
        page.select_option(f"#id_sins_{name}", value)
    page.select_option("#id_sins_collapse", "1")
    page.select_option("#id_sins_posterolateral", "1")
    page.click("button:text('Save')")
    expect(page.locator("#lesions")).to_contain_text("ABL-001-L1")
    expect(page.locator("#lesions td.num").nth(1)).to_have_text("8")

    # The procedure: day 0 of the schedule.
    page.click("text=Record the procedure")
    page.fill("#id_procedure_date", iso(day0))
    page.select_option("#id_guidance", "ct")
    page.select_option("#id_anaesthesia", "sedation")
    prefix = page.locator("fieldset.treated input[type=checkbox]").first.get_attribute("name").removesuffix("-treated")
    expect(page.locator(f"[name='{prefix}-treated']")).to_be_checked()  # the only lesion: ticked already
    page.select_option(f"[name='{prefix}-modality']", "rfa")
    page.fill(f"[name='{prefix}-cement_ml']", "4.5")
    page.select_option(f"[name='{prefix}-cement_leakage']", "false")
    page.select_option(f"[name='{prefix}-technical_success']", "true")
    page.click("button:text('Save')")
    expect(page.locator("#procedure")).to_contain_text(iso(day0))

    # The worklist now shows the 3-month visit as overdue.
    page.click("nav >> text=Dashboard")
    overdue = page.locator("table[data-bucket=overdue]")
    expect(overdue).to_contain_text("ABL-001")
    expect(overdue).to_contain_text("3 months")

    # Baseline and every follow-up.
    page.click("nav >> text=Patients")
    page.click("text=ABL-001")
    record_visit(page, "Baseline", day0 - dt.timedelta(days=1), "8", items=True, analgesic=True)
    # OMED by hand (CDC 2022): oxycodone 10 mg x 2 x 1.5 = 30; paracetamol counts with MME 0.
    expect(page.locator("#omed-value")).to_have_text("30 mg/day")
    expect(page.locator("#omed")).to_contain_text("Paracetamol")
    expect(page.locator("#qlqc30-scores")).to_contain_text("66.7")
    for label, days, worst in (
        ("Post-procedure", 0, "5"),
        ("1 week", 7, "4"),
        ("1 month", 30, "3"),
        ("3 months", 90, "2"),
    ):
        page.click("text=Back to the patient")
        record_visit(page, label, day0 + dt.timedelta(days=days), worst)
    page.click("text=Back to the patient")
    for timepoint in ("baseline", "post", "w1", "m1", "m3"):
        expect(page.locator(f"#visit-{timepoint}")).to_have_attribute("data-form-state", "complete")

    # The visits left the worklist; the CTs (post-procedure missed, 3 months overdue) are on it.
    page.click("nav >> text=Dashboard")
    expect(page.locator("#worklist tr[data-kind=visit]")).to_have_count(0, timeout=30_000)
    for bucket, label, days in (("missed", "post-procedure", 0), ("overdue", "3 months", 88)):
        row = page.locator(f"table[data-bucket={bucket}] tr[data-kind=ct]", has_text=f"CT {label}")
        expect(row).to_contain_text("ABL-001", timeout=30_000)
        row.locator("text=Record CT").click()
        page.fill("#id_imaged_on", iso(day0 + dt.timedelta(days=days)))
        page.select_option("#id_local_status", "controlled")
        page.select_option("#id_distant_progression", "false")
        page.click("button:text('Save')")
        expect(page.locator("#procedure")).to_be_visible(timeout=30_000)  # back on the patient page
        page.click("nav >> text=Dashboard")

    # Nothing left for this patient.
    expect(page.locator("#worklist")).not_to_contain_text("ABL-001", timeout=30_000)

    # Change a completed form: a reason is asked, and the audit trail shows it.
    page.click("nav >> text=Patients")
    page.click("text=ABL-001")
    page.locator("#visit-w1 >> text=Open").click()
    page.click("text=Change this visit")
    page.fill("#id_vas_worst", "4.5")
    page.click("button[name=save_complete]")
    expect(page.locator("#field-reason .error")).to_contain_text("give a reason for the change")
    expect(page.locator("#id_vas_worst")).to_have_value("4.5")
    page.fill("#id_reason", "value misread from the paper diary")
    page.click("button[name=save_complete]")
    expect(page.locator(".messages")).to_contain_text("1 week visit saved")
    page.click("text=Back to the patient")
    page.click("text=Audit trail")
    change = page.locator("#audit tr", has_text="value misread from the paper diary")
    expect(change).to_contain_text("nadia")
    expect(change).to_contain_text("vas_worst")
    expect(change).to_contain_text("4.5")

    # The report, built from the data just entered.
    page.click("nav >> text=Exports")
    # The report is built in the background; the tests' ImmediateBackend builds it when the
    # start commits, inside that request (tens of seconds on a busy 2-core machine).
    with page.expect_navigation(timeout=180_000):
        page.click("text=Build the report now", no_wait_after=True)
    expect(page.locator("#report-status")).to_have_text("Ready")
    with page.expect_download() as info:
        page.click("text=Download report.html")
    download = info.value
    assert re.fullmatch(r"ablacem-report-\d{4}-\d{2}-\d{2}\.html", download.suggested_filename)
    html = Path(download.path()).read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "Test Patient" not in html
    assert errors == [], errors  # no script error, no missing file, on any page

    # The logs of the whole scenario, as production writes them, hold no identifier of the cohort.
    lines = [json.loads(line) for line in production_logs.getvalue().splitlines()]
    served = [line for line in lines if line["logger"] == "ablacem.request"]
    assert len(served) > 50 and all(len(line["request_id"]) == 32 for line in served)
    assert any(line["message"].startswith("POST /patients/") for line in served)
    identifiers = ["ABL-001", "Test Patient", "HN-7731-QZ", iso(birth_date), birth_date.strftime("%d/%m/%Y")]
    text = production_logs.getvalue()
    assert [i for i in identifiers if i.lower() in text.lower()] == []


def test_failed_logins_lock_the_account_out(page, live_server, settings):
    services.user_create(username="omar", role="coordinator", password=PASSWORD, actor=Actor.system("createuser"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(page, live_server, "omar", "not-the-password")
    log_in(page, live_server, "omar")
    expect(page.locator("body")).to_contain_text("Account locked")
    page.goto(f"{live_server.url}/dashboard/")
    expect(page).to_have_url(re.compile(r"/login/"))


def test_a_monitor_cannot_save(page, live_server):
    coordinator = services.user_create(
        username="cora", role="coordinator", password=PASSWORD, actor=Actor.system("createuser")
    )
    services.user_create(username="mona", role="monitor", password=PASSWORD, actor=Actor.system("createuser"))
    patient = services.patient_enrol(
        eligibility_confirmed=True,
        enrolled_on=timezone.localdate() - dt.timedelta(days=3),
        age=58,
        sex="M",
        ecog=0,
        diagnosis="malignant",
        primary_tumour="renal",
        actor=Actor.staff(coordinator),
    )
    log_in(page, live_server, "mona")
    page.goto(f"{live_server.url}/patients/{patient.pk}/")
    expect(page.locator("h1")).to_contain_text(patient.study_id)
    expect(page.locator("text=Add a lesion")).to_have_count(0)
    page.goto(f"{live_server.url}/patients/{patient.pk}/enrolment/")
    expect(page.locator("#id_age")).to_be_disabled()
    expect(page.locator("button:text('Save')")).to_have_count(0)
    # Even a hand-made submission (with a valid CSRF token) is refused for the role.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    response = page.request.post(
        f"{live_server.url}/patients/{patient.pk}/enrolment/",
        form={"csrfmiddlewaretoken": token, "age": "59", "version": "1", "reason": "x"},
    )
    assert response.status == 403
    assert "Your role can read data but not enter or change it." in response.text()
    patient.refresh_from_db()
    assert patient.age == 58
