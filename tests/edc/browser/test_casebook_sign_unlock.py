"""The casebook loop in a real browser: the investigator signs while follow-up is still open
(confirming it on the page), the forms are read-only, a data manager unlocks through the page
(typing the reason into its box), the coordinator corrects a lesion, the investigator re-signs."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import CasebookSignature, Lesion
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


def log_out(page, live_server):
    page.click("button:text-is('Log out')")
    expect(page).to_have_url(re.compile(r"/login/"), timeout=WAIT)


def sign(page, live_server, patient_pk: int, username: str):
    """From the patient page, sign with the confirmation that follow-up is still open, entering
    username and password (the first signature of a session, 21 CFR 11.200(a)(1)(i))."""
    page.goto(f"{live_server.url}/patients/{patient_pk}/")
    page.click("text=Sign the casebook")
    expect(page.locator("#follow-up-open")).to_contain_text("Follow-up is not over", timeout=WAIT)
    expect(page.locator("#statement")).to_contain_text("I confirm that")
    page.check("#id_confirm_open_follow_up")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:text-is('Sign')")
    expect(page.locator("ul.messages")).to_contain_text("Casebook signed", timeout=WAIT)


def test_sign_read_only_unlock_through_the_page_edit_and_sign_again(page, live_server):
    for username, role in (("cora", "coordinator"), ("ines", "investigator"), ("dora", "data_manager")):
        services.user_create(username=username, role=role, password=PASSWORD, actor=Actor.system("createuser"))
    world = build_world(
        services.user_create(username="setup", role="coordinator", password=PASSWORD, actor=Actor.system("createuser"))
    )
    patient, lesion = world["patient"], world["lesion"]
    base = f"{live_server.url}/patients/{patient.pk}"
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # The investigator opens the sign page: what is still open, and a confirmation to tick.
    log_in(page, live_server, "ines")
    page.goto(f"{base}/")
    page.click("text=Sign the casebook")
    expect(page.locator("#open-forms")).to_contain_text("1 month visit", timeout=WAIT)
    expect(page.locator("#open-forms")).to_contain_text("3 months CT of lesion ABL-001-L1: not recorded")
    page.fill("#id_username", "ines")
    page.fill("#id_password", PASSWORD)
    page.click("button:text-is('Sign')")  # without the confirmation
    expect(page.locator("#field-confirm_open_follow_up .error")).to_contain_text("follow-up is not over", timeout=WAIT)
    assert not CasebookSignature.objects.exists()
    sign(page, live_server, patient.pk, "ines")
    expect(page.locator("#signature")).to_contain_text("I confirm that", timeout=WAIT)

    # Signed: the forms show their values, read-only, and say who can unlock.
    page.goto(f"{base}/lesions/{lesion.pk}/")
    expect(page.locator("#signed-note")).to_contain_text("this casebook is signed", timeout=WAIT)
    expect(page.locator("#signed-note")).to_contain_text("a data manager unlocks")
    expect(page.locator("#id_size_mm")).to_be_disabled()
    expect(page.locator("#id_size_mm")).to_have_value("22.0")
    expect(page.locator("main form button[type=submit]")).to_have_count(0)
    page.goto(f"{base}/visits/baseline/edit/")
    expect(page.locator("#id_vas_worst")).to_be_disabled(timeout=WAIT)
    expect(page.locator("button[name=save_complete]")).to_have_count(0)
    log_out(page, live_server)

    # The data manager unlocks through the page, typing the reason into its box.
    log_in(page, live_server, "dora")
    page.goto(f"{base}/")
    page.click("text=Unlock the casebook")
    expect(page.locator("#id_reason")).to_be_editable(timeout=WAIT)
    page.fill("#id_reason", "lesion size misread on the planning CT")
    page.click("button:text-is('Unlock')")
    expect(page.locator("ul.messages")).to_contain_text("Casebook unlocked", timeout=WAIT)
    log_out(page, live_server)

    # The coordinator corrects the lesion size, with a reason for the change.
    log_in(page, live_server, "cora")
    page.goto(f"{base}/")
    page.locator("#lesions a:text-is('Edit')").click()
    expect(page.locator("#id_size_mm")).to_be_editable(timeout=WAIT)
    page.fill("#id_size_mm", "25")
    page.fill("#id_reason", "size re-measured on the planning CT")
    page.click("main form button[type=submit]")
    expect(page.locator("ul.messages")).to_contain_text("Lesion ABL-001-L1 saved", timeout=WAIT)
    log_out(page, live_server)

    # The investigator signs again.
    log_in(page, live_server, "ines")
    sign(page, live_server, patient.pk, "ines")
    expect(page.locator("h1")).to_contain_text("Signed by ines")

    assert Lesion.objects.get(pk=lesion.pk).size_mm == 25
    assert sorted(CasebookSignature.objects.filter(patient=patient).values_list("is_active", flat=True)) == [
        False,
        True,
    ]
    assert CasebookSignature.objects.get(is_active=False).unlock_reason == "lesion size misread on the planning CT"
    assert errors == []
