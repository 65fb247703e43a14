"""Data management in a real browser: a query's whole life (a monitor raises it next to the
field, the coordinator corrects the value on the form with a reason and answers linking the
change, the monitor closes it), and a source verification cleared by a later change."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Assessment, Query, QueryState, SourceVerification
from tests.edc.views.world import build_world

# Serialized rollback: see test_coordinator_scenario.py (the live server needs a transactional database).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.db_backend,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Cement-and-Probes-2025"
WAIT = 30_000  # ms: the machine is shared, pages can be slow to come


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/login/"), timeout=WAIT)


def log_out(page):
    page.click("button:text-is('Log out')")
    expect(page).to_have_url(re.compile(r"/login/"), timeout=WAIT)


@pytest.fixture
def world():
    for username, role in (("cora", "coordinator"), ("mona", "monitor")):
        services.user_create(username=username, role=role, password=PASSWORD, actor=Actor.system("createuser"))
    return build_world(
        services.user_create(username="setup", role="coordinator", password=PASSWORD, actor=Actor.system("createuser"))
    )


def change_worst_pain(page, live_server, patient_pk: int, value: str, reason: str):
    page.goto(f"{live_server.url}/patients/{patient_pk}/visits/baseline/edit/")
    page.fill("#id_vas_worst", value)
    page.fill("#id_reason", reason)
    page.click("button:text-is('Save (complete)')")
    expect(page.locator("ul.messages")).to_contain_text("Baseline visit saved", timeout=WAIT)


def test_a_query_from_the_field_answered_with_a_corrected_value_then_closed(page, live_server, world):
    patient = world["patient"]
    page.set_default_timeout(WAIT)
    log_in(page, live_server, "mona")
    page.goto(f"{live_server.url}/patients/{patient.pk}/visits/baseline/edit/")
    page.locator("#field-vas_worst a.query-raise").click()
    expect(page.locator("#id_field_name")).to_have_value("vas_worst")
    page.fill("#id_question", "The pain diary says 6, not 8: which is right?")
    page.click("button:text-is('Open the query')")
    expect(page.locator("#thread")).to_contain_text("The pain diary says 6")
    log_out(page)

    log_in(page, live_server, "cora")
    page.goto(f"{live_server.url}/patients/{patient.pk}/visits/baseline/edit/")
    marker = page.locator("#field-vas_worst a.query-marker")
    expect(marker).to_contain_text("(open)")
    change_worst_pain(page, live_server, patient.pk, "6", "query: the diary is the source")
    page.goto(f"{live_server.url}/patients/{patient.pk}/visits/baseline/edit/")
    page.locator("#field-vas_worst a.query-marker").click()
    page.fill("#id_answer-text", "Corrected to 6 from the pain diary.")
    page.check("#id_answer-value_changed")
    page.click("button:text-is('Send the answer')")
    expect(page.locator("#thread [data-change]")).to_contain_text("vas_worst: 8.0 -> 6.0")
    log_out(page)

    log_in(page, live_server, "mona")
    page.goto(f"{live_server.url}/queries/?who=monitor")
    page.locator("#queries tbody a").first.click()
    page.fill("#id_close-text", "Thank you.")
    page.click("button:text-is('Close')")
    expect(page.locator("#query-summary")).to_contain_text("Closed")

    query = Query.objects.get()
    answer = query.messages.get(kind="answer")
    visit = Assessment.objects.get(pk=world["visit"].pk)
    assert query.state == QueryState.CLOSED and answer.record_version == visit.version and visit.vas_worst == 6.0


def test_a_verified_form_changed_later_is_shown_again_to_the_monitor(page, live_server, world):
    patient, visit = world["patient"], world["visit"]
    page.set_default_timeout(WAIT)
    log_in(page, live_server, "mona")
    page.goto(f"{live_server.url}/sdv/")
    to_verify = page.locator("#sdv-to-verify")
    to_verify.locator(f"a[href='/patients/{patient.pk}/sdv/visit/{visit.pk}/']").click()
    page.click("#verify-form")
    expect(page.locator("#sdv-form-verified")).to_contain_text("Form verified")
    page.goto(f"{live_server.url}/sdv/")
    expect(to_verify.locator(f"a[href='/patients/{patient.pk}/sdv/visit/{visit.pk}/']")).to_have_count(0)
    log_out(page)

    log_in(page, live_server, "cora")
    change_worst_pain(page, live_server, patient.pk, "7", "typo")
    log_out(page)

    log_in(page, live_server, "mona")
    page.goto(f"{live_server.url}/sdv/")
    again = to_verify.locator("li", has=page.locator(f"a[href='/patients/{patient.pk}/sdv/visit/{visit.pk}/']"))
    expect(again).to_contain_text("changed since verified")
    mark = SourceVerification.objects.get()
    assert not mark.is_active and mark.cleared_reason == "value changed: vas_worst"
