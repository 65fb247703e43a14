"""Every page of a coordinator's path at a phone's width (390 px): nothing scrolls sideways,
neither the page nor any box inside it (tables become stacked rows), and no input or drop-down
is narrower than 80 px, so that a drug, a unit or a dose of 12.5 can be read where it is typed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ablacem.edc import services
from ablacem.edc.actors import Actor
from tests.edc.views.world import ALL_ITEMS_2, DAY0, build_world

from .test_coordinator_scenario import PASSWORD, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.db_backend,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
NARROWEST_CONTROL_PX = 80

#: Run in the page (argument: the narrowest control allowed, in px): what a phone user would
#: have to scroll sideways for, or could not read in full.
LAYOUT_PROBLEMS = """
(narrowest) => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.name ? "[name=" + el.name + "]" : "") +
    (typeof el.className === "string" && el.className ? "." + el.className.trim().replace(/\\s+/g, ".") : "");
  const px = (n) => Math.round(n) + " px";
  if (document.documentElement.scrollWidth > width) {
    problems.push("the page scrolls sideways: " + px(document.documentElement.scrollWidth) + " wide");
  }
  for (const el of document.body.querySelectorAll("*")) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.display === "none" || style.visibility === "hidden" || box.width === 0 || box.height === 0) continue;
    if (["auto", "scroll"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      problems.push(name(el) + " scrolls sideways (" + px(el.scrollWidth) + " in " + px(el.clientWidth) + ")");
    }
    if (box.left < -1 || box.right > width + 1) {
      problems.push(name(el) + " sticks out of the screen (" + px(box.left) + " to " + px(box.right) + ")");
    }
    const control = el.matches("select, textarea, input:not([type=checkbox]):not([type=radio]):not([type=hidden])");
    if (control && box.width < narrowest) {
      problems.push(name(el) + " is " + px(box.width) + " wide");
    }
    if (control && el.scrollWidth > el.clientWidth + 1) {
      problems.push(name(el) + " cuts its value (" + px(el.scrollWidth) + " in " + px(el.clientWidth) + ")");
    }
  }
  return problems;
}
"""


@pytest.fixture
def browser_context_args(browser_context_args):
    """A phone: 390 px wide, touch."""
    return {**browser_context_args, "viewport": PHONE, "has_touch": True, "is_mobile": True}


def _check(page, url: str, what: str) -> None:
    page.goto(url)
    expect(page.locator("main")).to_be_visible(timeout=15_000)
    assert page.evaluate(LAYOUT_PROBLEMS, NARROWEST_CONTROL_PX) == [], f"{what} ({url}) at 390 px"


def test_every_page_of_the_coordinators_path_works_at_390_px(page, live_server):
    user = services.user_create(
        username="nadia", role="coordinator", password=PASSWORD, actor=Actor.system("createuser")
    )
    world = build_world(user)
    patient, lesion, event = world["patient"], world["lesion"], world["event"]
    services.assessment_record(
        patient=patient,
        timepoint="post",
        assessed_on=DAY0,
        vas_worst=6.0,
        items=ALL_ITEMS_2,  # a complete visit answers every QLQ-C30 item
        analgesics=[
            {"drug": "oxycodone", "route": "oral", "dose": 12.5, "unit": "mg", "per_day": 2},
            {"drug": "fentanyl", "route": "transdermal", "dose": 25, "unit": "mcg/h", "per_day": 1},
        ],
        actor=Actor.staff(user),
    )
    services.imaging_record(
        lesion=lesion,
        timepoint="post",
        imaged_on=DAY0,
        local_status="controlled",
        distant_progression=False,
        actor=Actor.staff(user),
    )
    base = live_server.url
    _check(page, f"{base}/login/", "log-in page")
    log_in(page, live_server, "nadia")
    p = f"{base}/patients/{patient.pk}"
    pages = [
        (f"{base}/dashboard/", "dashboard and worklist"),
        (f"{base}/patients/", "patient list"),
        (f"{base}/patients/enrol/", "enrolment"),
        (f"{p}/", "patient page"),
        (f"{p}/enrolment/", "enrolment data"),
        (f"{p}/identity/", "identifying data"),
        (f"{p}/lesions/new/", "new lesion"),
        (f"{p}/lesions/{lesion.pk}/", "lesion"),
        (f"{p}/procedure/", "procedure"),
        (f"{p}/visits/post/edit/", "visit form with two analgesic lines"),
        (f"{p}/visits/w1/edit/", "new visit form"),
        (f"{p}/visits/post/", "visit detail"),
        (f"{p}/visits/m1/not-done/", "visit not done"),
        (f"{p}/lesions/{lesion.pk}/imaging/post/", "imaging"),
        (f"{p}/lesions/{lesion.pk}/imaging/m3/", "new imaging"),
        (f"{p}/adverse-events/new/", "new adverse event"),
        (f"{p}/adverse-events/{event.pk}/", "adverse event"),
        (f"{p}/end-of-study/", "end of study"),
        (f"{p}/audit/", "audit trail"),
    ]
    for url, what in pages:
        _check(page, url, what)

    # The visit form's analgesic lines, as typed on a phone: every value readable in full.
    page.goto(f"{p}/visits/post/edit/")
    expect(page.locator("#id_analgesics-0-dose")).to_have_value("12.5")
    page.click("button[data-add-line=analgesics]")
    page.fill("#id_analgesics-4-dose", "12.5")
    expect(page.locator("#id_analgesics-4-dose")).to_have_value("12.5")
    for field, shown in (("drug", "Oxycodone"), ("unit", "mg"), ("route", "Oral")):
        label = page.locator(f"#id_analgesics-0-{field} option:checked").inner_text()
        assert label.startswith(shown)
    assert page.evaluate(LAYOUT_PROBLEMS, NARROWEST_CONTROL_PX) == [], "visit form after adding a line"
    # Stacked rows still say what each cell is.
    expect(page.locator("#analgesics-rows td").first).to_have_attribute("data-label", "Drug")
    page.goto(f"{p}/")
    expect(page.locator("#visit-baseline td").nth(1)).to_have_attribute("data-label", "Target")
