"""A patient answers the 1-week questionnaire on a 390 px phone, in French, from their link:
closes the page midway, reopens the link and resumes, submits; the coordinator then sees it.
Every patient page passes axe-core (no serious or critical violation) at phone and desktop
width, and the answer controls work from the keyboard."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from ablacem.edc.actors import Actor
from ablacem.edc.models import Assessment
from ablacem.epro.links import link_path
from ablacem.epro.services import link_for_visit, link_revoke
from tests.edc.browser.test_coordinator_scenario import log_in
from tests.edc.conftest import PASSWORD
from tests.epro.conftest import treated_days_ago

pytestmark = [
    pytest.mark.browser,
    pytest.mark.db_backend,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT_MS = 30_000
QLQ_SCREENS = 6


def _choose(page, name: str, value: str) -> None:
    """Tap the numbered box of ``name`` = ``value`` (the radio sits under its label)."""
    page.locator(f"label[for='id_{name}_{int(value) - (0 if name.startswith('vas') else 1)}']").click()


def _next(page, name: str = "Next") -> None:
    """Press Next (or ``name``) and wait for the next screen: with JavaScript the press waits for
    the answer save under way, so the old screen may still be shown for a moment."""
    before = page.url
    page.get_by_role("button", name=name).click()
    page.wait_for_url(lambda url: url != before)


def _answer_quality_of_life_screen(page) -> None:
    for fieldset in page.locator("fieldset.question").all():
        fieldset.locator("label.point").nth(1).click()  # the second point of every item


def test_a_patient_answers_in_french_resumes_after_closing_and_the_coordinator_sees_it(
    browser, live_server, coordinator
):
    patient = treated_days_ago(coordinator, 7)
    link = link_for_visit(actor=Actor.system("test"), patient=patient, timepoint="w1")
    url = live_server.url + link_path(link)

    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("1 semaine après votre intervention")
    page.get_by_role("link", name="Commencer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre douleur")
    _choose(page, "vas_worst", "6")
    _choose(page, "vas_average", "3")
    _next(page, "Suivant")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos antidouleurs")
    expect(page.get_by_text("Morphine, par la bouche : 10 mg, 2 fois par jour")).to_be_visible()
    page.get_by_text("Je le prends toujours").click()
    _next(page, "Suivant")
    _answer_quality_of_life_screen(page)
    _next(page, "Suivant")
    expect(page.get_by_text("Étape 4 sur 8")).to_be_visible()
    phone.close()  # the patient puts the phone away midway

    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    page.get_by_role("link", name="Reprendre là où vous vous étiez arrêté").click()
    expect(page.get_by_text("Étape 4 sur 8")).to_be_visible()
    for _ in range(QLQ_SCREENS - 1):
        _answer_quality_of_life_screen(page)
        _next(page, "Suivant")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez vos réponses")
    expect(page.get_by_text("Toutes les questions ont une réponse.")).to_be_visible()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merci")
    page.goto(url)
    expect(page.get_by_text("Nous avons bien reçu vos réponses.")).to_be_visible()
    phone.close()

    staff = browser.new_context(viewport=DESKTOP)
    page = staff.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    log_in(page, live_server, coordinator.username, PASSWORD)
    page.goto(f"{live_server.url}/patients/{patient.pk}/visits/w1/")
    expect(page.locator("#patient-reported")).to_contain_text("Reported by the patient on")
    expect(page.locator("#pain")).to_contain_text("Worst 6 · average 3")
    staff.close()


def _serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_patient_page_passes_axe_core(browser, live_server, coordinator, viewport):
    patient = treated_days_ago(coordinator, 7)
    link = link_for_visit(actor=Actor.system("test"), patient=patient, timepoint="w1")
    revoked = link_revoke(
        actor=Actor.system("test"),
        link=link_for_visit(actor=Actor.system("test"), patient=patient, timepoint="m1"),
        reason="test",
    )
    base = live_server.url + link_path(link)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    axe = Axe()
    problems = {}

    def check(name: str) -> None:
        found = _serious(axe.run(page))
        if found:
            problems[name] = found

    page.goto(base)
    check("start")
    page.goto(base + "pain/")
    page.get_by_role("button", name="Next").click()  # nothing chosen: the page with its errors
    check("pain with errors")
    for screen in ("painkillers", "qlq1", "qlq6", "review"):
        page.goto(base + f"{screen}/")
        check(screen)
    page.goto(base + "painkillers/")
    page.get_by_role("button", name="Next").click()
    check("painkillers with errors")
    page.goto(live_server.url + "/p/" + "x" * 43 + "/")
    check("unknown link")
    page.goto(live_server.url + link_path(revoked))
    check("revoked link")
    context.close()
    assert not problems, problems


def test_the_answer_controls_work_from_the_keyboard(browser, live_server, coordinator):
    patient = treated_days_ago(coordinator, 7)
    link = link_for_visit(actor=Actor.system("test"), patient=patient, timepoint="w1")
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(live_server.url + link_path(link) + "pain/")
    page.locator("#id_vas_worst_0").focus()
    page.keyboard.press("ArrowRight")  # moves through the 0-10 row and selects
    page.keyboard.press("ArrowRight")
    expect(page.locator("#id_vas_worst_2")).to_be_checked()
    expect(page.locator("#id_vas_worst_2")).to_be_focused()
    page.keyboard.press("Tab")  # to the next question's row
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(page.locator("#id_vas_average_1")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Next")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your painkillers")
    page.get_by_role("radio", name="Still taking it").focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Still taking it")).to_be_checked()
    context.close()


def test_with_javascript_a_tap_brings_the_next_question_up(browser, live_server, coordinator):
    patient = treated_days_ago(coordinator, 7)
    link = link_for_visit(actor=Actor.system("test"), patient=patient, timepoint="w1")
    context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(live_server.url + link_path(link) + "qlq1/")
    first, second = page.locator("fieldset.question").nth(0), page.locator("fieldset.question").nth(1)
    second_id = second.get_attribute("id")
    top = f"document.getElementById('{second_id}').getBoundingClientRect().top"
    before = page.evaluate(top)
    first.locator("label.point").nth(1).click()
    for _ in range(50):  # wait_for_function evaluates a string, which the pages' CSP forbids
        if page.evaluate(top) < before - 50:
            break
        page.wait_for_timeout(100)
    # Scrolled up to the next question (as far as the page goes), which is now wholly in view.
    assert page.evaluate(top) < before - 50 and page.evaluate("window.scrollY") > 0
    assert page.evaluate(f"document.getElementById('{second_id}').getBoundingClientRect().bottom") <= 844
    context.close()


def _autosaved(response) -> bool:
    return response.request.method == "POST" and response.status == 204


def test_with_javascript_answers_are_saved_as_chosen_and_closing_mid_screen_loses_nothing(
    browser, live_server, coordinator
):
    patient = treated_days_ago(coordinator, 7)
    link = link_for_visit(actor=Actor.system("test"), patient=patient, timepoint="w1")
    url = live_server.url + link_path(link)
    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url + "pain/")
    for name, value in (("vas_worst", "6"), ("vas_average", "3")):
        with page.expect_response(_autosaved):
            _choose(page, name, value)
    _next(page)
    with page.expect_response(_autosaved):
        page.get_by_text("Still taking it").click()
    _next(page)
    expect(page.get_by_text("Step 3 of 8")).to_be_visible()
    half = page.locator("fieldset.question").all()[:3]  # items 1-3 of the screen's 1-5
    for fieldset in half:
        with page.expect_response(_autosaved):
            fieldset.locator("label.point").nth(2).click()  # the third point
    phone.close()  # mid-screen, without Next

    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    page.get_by_role("link", name="Continue where you left off").click()
    expect(page.get_by_text("Step 3 of 8")).to_be_visible()
    for n in (1, 2, 3):
        expect(page.locator(f"#id_q{n}_2")).to_be_checked()
    for n in (4, 5):
        expect(page.locator(f"input[name=q{n}]:checked")).to_have_count(0)
    for _ in range(QLQ_SCREENS):
        _answer_quality_of_life_screen(page)
        _next(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    phone.close()
    visits = Assessment.objects.filter(patient=patient, timepoint="w1")
    assert visits.count() == 1
    assert (visits.get().vas_worst, visits.get().vas_average, visits.get().q1, visits.get().q30) == (6, 3, 2, 2)
