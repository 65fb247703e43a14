"""The real pages under the Content-Security-Policy in Chromium: every page of a data manager's
and a coordinator's path loads with no violation on the console, the site's scripts still run,
and an inline handler slipped into a page is blocked and reported (the check can fail)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ablacem.edc import services
from ablacem.edc.actors import Actor
from tests.edc.views.world import build_world

from .test_coordinator_scenario import PASSWORD, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.db_backend,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TIMEOUT = 20_000


def _visit(page, url: str) -> None:
    page.goto(url)
    expect(page.locator("main")).to_be_visible(timeout=TIMEOUT)


def test_every_page_loads_under_the_policy_and_the_scripts_run(page, live_server, csp_violations):
    coordinator = services.user_create(
        username="chloe", role="coordinator", password=PASSWORD, full_name="Chloe Coord", actor=Actor.system("t")
    )
    services.user_create(
        username="dmitri", role="data_manager", password=PASSWORD, full_name="Dmitri Dm", actor=Actor.system("t")
    )
    world = build_world(coordinator)
    patient, lesion, event = world["patient"], world["lesion"], world["event"]
    base = live_server.url
    p = f"{base}/patients/{patient.pk}"
    _visit(page, f"{base}/login/")
    log_in(page, live_server, "dmitri")
    for url in (
        f"{base}/dashboard/",
        f"{base}/patients/",
        f"{base}/patients/enrol/",
        f"{p}/",
        f"{p}/identity/",
        f"{p}/lesions/{lesion.pk}/",
        f"{p}/lesions/new/",
        f"{p}/procedure/",
        f"{p}/visits/baseline/",
        f"{p}/visits/m1/not-done/",
        f"{p}/lesions/{lesion.pk}/imaging/post/",
        f"{p}/adverse-events/{event.pk}/",
        f"{p}/audit/",
        f"{p}/end-of-study/",
        f"{base}/users/",
        f"{base}/users/new/",
        f"{base}/exports/",
    ):
        _visit(page, url)
    # The visit form's scripts (static files, allowed by 'self') still work: "Add a line".
    _visit(page, f"{p}/visits/baseline/edit/")
    rows = page.locator("#analgesics-rows > *")
    before = rows.count()
    page.locator("[data-add-line]").first.click()
    expect(rows).to_have_count(before + 1, timeout=TIMEOUT)
    page.locator("button", has_text="Log out").click()
    expect(page.locator("#id_username")).to_be_visible(timeout=TIMEOUT)
    log_in(page, live_server, "chloe")
    _visit(page, f"{base}/dashboard/")
    _visit(page, f"{p}/visits/w1/edit/")
    assert csp_violations == []


def test_an_inline_handler_is_blocked_and_reported(page, live_server, csp_violations):
    services.user_create(
        username="chloe", role="coordinator", password=PASSWORD, full_name="Chloe Coord", actor=Actor.system("t")
    )
    log_in(page, live_server, "chloe")
    _visit(page, f"{live_server.url}/dashboard/")
    page.evaluate(
        """() => document.body.insertAdjacentHTML(
               "beforeend", '<img alt="" src="/no-such-image" onerror="document.title = \\'ran\\'">')"""
    )
    page.wait_for_timeout(1_000)
    assert page.title() != "ran"
    assert any("Content Security Policy" in text for text in csp_violations), csp_violations
    csp_violations.clear()  # provoked on purpose
