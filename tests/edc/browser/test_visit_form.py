"""The visit form as a coordinator fills it five times per patient: the previous visit's
analgesics copied in one click and then edited, the QLQ-C30 answered with the number keys."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ablacem.edc import services
from ablacem.edc.actors import Actor
from tests.edc.views.world import ALL_ITEMS_2

from .test_coordinator_scenario import PASSWORD, iso, log_in
from .test_follow_up_forms import _treated_patient

pytestmark = [
    pytest.mark.browser,
    pytest.mark.db_backend,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OXY = {"drug": "oxycodone", "route": "oral", "dose": 12.5, "unit": "mg", "per_day": 2}
PARA = {"drug": "paracetamol", "route": "oral", "dose": 1, "unit": "g", "per_day": 4}


def test_a_follow_up_visit_copies_last_visits_drugs_and_is_answered_by_keyboard(page, live_server):
    user = services.user_create(
        username="ines", role="coordinator", password=PASSWORD, actor=Actor.system("createuser")
    )
    day0 = timezone.localdate() - dt.timedelta(days=7)
    patient, _ = _treated_patient(user, day0)
    services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=day0 - dt.timedelta(days=1),
        vas_worst=8.0,
        items=ALL_ITEMS_2,  # a complete visit answers every QLQ-C30 item
        analgesics=[OXY, PARA],
        actor=Actor.staff(user),
    )
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, live_server, "ines")
    page.goto(f"{live_server.url}/patients/{patient.pk}/visits/w1/edit/")
    page.fill("#id_assessed_on", iso(day0 + dt.timedelta(days=7)))
    page.fill("#id_vas_worst", "3")

    # One click copies both lines (what was typed above stays), then only the change is made.
    page.click("text=Same as the Baseline visit")
    expect(page.locator("#id_vas_worst")).to_have_value("3")
    expect(page.locator("#id_analgesics-0-drug")).to_have_value("oxycodone")
    expect(page.locator("#id_analgesics-0-dose")).to_have_value("12.5")
    expect(page.locator("#id_analgesics-0-unit")).to_have_value("mg")
    expect(page.locator("#id_analgesics-1-drug")).to_have_value("paracetamol")
    expect(page.locator("#id_analgesics-1-per_day")).to_have_value("4")
    expect(page.locator("#carry-forward")).to_be_hidden()
    page.fill("#id_analgesics-1-per_day", "3")

    # Keyboard: a number outside the item's scale does nothing; a valid one answers and moves on.
    page.focus("input[name=q1]")
    page.keyboard.press("5")
    expect(page.locator("input[name=q1]:checked:not([value=''])")).to_have_count(0)
    expect(page.locator("input[name=q1]:focus")).to_have_count(1)
    for _ in range(28):
        page.keyboard.press("2")
    page.keyboard.press("4")
    expect(page.locator("input[name=q30]:focus")).to_have_count(1)
    page.keyboard.press("5")
    for i in range(1, 29):
        expect(page.locator(f"input[name=q{i}][value='2']")).to_be_checked()
    expect(page.locator("input[name=q29][value='4']")).to_be_checked()
    expect(page.locator("input[name=q30][value='5']")).to_be_checked()
    expect(page.locator("input[name=q30]:focus")).to_have_count(0)  # focus left the questionnaire

    page.click("button[name=save_complete]")
    expect(page.locator(".messages")).to_contain_text("1 week visit saved (complete)")
    # OMED by hand (CDC 2022): oxycodone 12.5 mg x 2 x 1.5 = 37.5; paracetamol counts 0.
    expect(page.locator("#omed-value")).to_have_text("37.5 mg/day")
    expect(page.locator("#omed")).to_contain_text("Paracetamol 1 g oral × 3/day")
    assert errors == []
