"""A serious adverse event in a real browser: the coordinator records it, the dashboard's banner
shows it to the investigator with its clock, the investigator acknowledges it on the event page,
and the banner goes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import AdverseEvent
from tests.edc.views.world import build_world

# Serialized rollback: see test_coordinator_scenario.py (the live server needs a transactional database).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.db_backend,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Cement-and-Probes-2025"
WAIT = 20_000  # ms: the machine is shared, pages can be slow to come


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    expect(page).not_to_have_url(re.compile(r"/login/"), timeout=WAIT)


def log_out(page):
    page.click("button:text-is('Log out')")
    expect(page).to_have_url(re.compile(r"/login/"), timeout=WAIT)


def test_a_serious_event_shows_a_banner_until_an_investigator_acknowledges_it(page, live_server):
    for username, role in (("cora", "coordinator"), ("ines", "investigator")):
        services.user_create(username=username, role=role, password=PASSWORD, actor=Actor.system("createuser"))
    world = build_world(
        services.user_create(username="setup", role="coordinator", password=PASSWORD, actor=Actor.system("createuser"))
    )
    patient = world["patient"]
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # The coordinator records a serious event on the form.
    log_in(page, live_server, "cora")
    page.goto(f"{live_server.url}/patients/{patient.pk}/adverse-events/new/")
    page.fill("#id_onset_date", "2025-03-12")
    page.select_option("#id_term", "infection")
    page.select_option("#id_cirse_grade", "3")
    page.select_option("#id_serious", "true")
    page.check("input[name=serious_criteria][value=hospitalisation]")
    page.select_option("#id_related_to", "cement")
    page.select_option("#id_relation_procedure", "probable")
    page.select_option("#id_relation_ablation", "unlikely")
    page.select_option("#id_relation_cement", "probable")
    page.select_option("#id_expectedness", "expected")
    page.select_option("#id_action_taken", "hospitalisation")
    page.fill("#id_aware_date", "2025-03-12")
    page.fill("#id_aware_time", "09:40")
    page.select_option("#id_ongoing", "true")
    page.click("button:text-is('Save')")
    expect(page.locator("ul.messages")).to_contain_text("saved", timeout=WAIT)
    event = AdverseEvent.objects.get(term="infection")
    # The coordinator's dashboard has no banner.
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("#worklist")).to_be_visible(timeout=WAIT)
    expect(page.locator("#sae-banner")).to_have_count(0)
    log_out(page)

    # The investigator sees the banner with the clock, follows it and acknowledges.
    log_in(page, live_server, "ines")
    page.goto(f"{live_server.url}/dashboard/")
    banner = page.locator("#sae-banner")
    expect(banner).to_contain_text(event.ae_id, timeout=WAIT)
    expect(banner).to_contain_text("staff aware 2025-03-12 09:40")
    expect(banner).to_contain_text("over 24 h")
    banner.locator(f"a:text-is('{event.ae_id}')").click()
    expect(page.locator("#sae-clock")).to_contain_text("Not yet acknowledged", timeout=WAIT)
    page.click("#acknowledge-sae")
    expect(page.locator("ul.messages")).to_contain_text(f"{event.ae_id} acknowledged", timeout=WAIT)
    expect(page.locator("#sae-clock")).to_contain_text("Acknowledged by ines")
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("#worklist")).to_be_visible(timeout=WAIT)
    expect(page.locator("#sae-banner")).to_have_count(0)
    event.refresh_from_db()
    assert event.acknowledged_by.username == "ines"
    assert errors == []
