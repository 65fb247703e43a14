"""Links that do not open get a short friendly page (never a server error, never data); guessing
is throttled per client address; tokens never reach the logs."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.epro.links import link_path, link_token
from ablacem.epro.services import link_for_visit, link_revoke
from tests.epro.conftest import treated_days_ago

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _page(client, url):
    response = client.get(url)
    return response.status_code, response.content.decode(), response


def test_an_unknown_link_gets_a_friendly_page_with_the_contact_line(client, settings):
    settings.EPRO_SITE_CONTACT = "Study nurse, 01 23 45 67 89"
    status, html, response = _page(client, "/p/" + "x" * 43 + "/")
    assert status == 404 and "Link not found" in html and "Study nurse, 01 23 45 67 89" in html
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_revoked_link_says_so_in_the_patient_language(client, coordinator):
    patient = treated_days_ago(coordinator, 7, language="fr")
    link = link_for_visit(actor=Actor.system("test"), patient=patient, timepoint="w1")
    link_revoke(actor=Actor.staff(coordinator), link=link, reason="replaced")
    status, html, _ = _page(client, link_path(link))
    assert status == 410 and "Ce lien ne fonctionne plus" in html
    assert patient.study_id not in html and "Alice Example" not in html


def test_an_expired_link(client, coordinator):
    patient = treated_days_ago(coordinator, 20)  # the 1-week window closed on day 10
    link = link_for_visit(actor=Actor.system("test"), patient=patient, timepoint="w1")
    status, html, _ = _page(client, link_path(link) + "pain/")
    assert status == 410 and "This link has expired" in html


def test_a_link_not_open_yet_gives_the_opening_date(client, coordinator):
    patient = treated_days_ago(coordinator, 7)
    link = link_for_visit(actor=Actor.system("test"), patient=patient, timepoint="m1")
    status, html, _ = _page(client, link_path(link))
    assert status == 410 and "Not open yet" in html and "It opens on" in html


def test_a_visit_recorded_by_staff_closes_the_patient_link(client, coordinator, week_patient):
    link = link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="w1")
    services.assessment_mark_not_done(
        patient=week_patient, timepoint="w1", status="missed", not_done_reason="x", actor=Actor.staff(coordinator)
    )
    status, html, _ = _page(client, link_path(link) + "review/")
    assert status == 410 and "Already answered" in html


def test_guessing_is_throttled_per_client_address(client, settings, week_patient):
    settings.EPRO_GUESS_LIMIT = 3
    link = link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="w1")
    for n in range(3):
        assert client.get(f"/p/{'a' * 42}{n}/").status_code == 404
    status, html, _ = _page(client, link_path(link))
    assert status == 429 and "Too many attempts" in html
    other = client.get(link_path(link), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_production_settings_refuse_patient_links_without_the_licensed_wording(client, settings, week_patient):
    settings.EPRO_REQUIRE_WORDING = True
    settings.QLQC30_WORDING_FILE = ""
    link = link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="w1")
    status, html, _ = _page(client, link_path(link))
    assert status == 503 and "Not available at the moment" in html


def test_the_dashboard_tells_staff_why_links_are_closed(client, settings, coordinator):
    from tests.edc.views.world import login

    settings.EPRO_REQUIRE_WORDING = True
    settings.QLQC30_WORDING_FILE = ""
    login(client, coordinator)
    html = client.get("/dashboard/").content.decode()
    assert 'id="epro-wording-missing"' in html and "en, fr" in html
    settings.EPRO_REQUIRE_WORDING = False
    assert 'id="epro-wording-missing"' not in client.get("/dashboard/").content.decode()


def test_request_logs_never_hold_the_token(client, week_patient, caplog):
    link = link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="w1")
    token = link_token(link)
    with caplog.at_level(logging.INFO):
        client.get(link_path(link) + "no-such-step/")  # a 404 logged by django.request
        client.post(link_path(link) + "pain/", {})  # a form error
        client.get(f"/p/{token}/../")
    messages = [record.getMessage() for record in caplog.records]
    assert any("/p/[link]/" in m for m in messages), messages  # the addresses were logged, masked
    assert not [m for m in messages if token in m]


def test_the_log_filter_masks_tokens_in_messages_and_arguments():
    from ablacem.epro.log_filter import MaskLinkTokens

    token = "A" * 20 + "b" * 20 + "_-9"
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"GET /p/%s/pain/ HTTP/1.1" 200', (token,), None
    )
    MaskLinkTokens().filter(record)
    assert record.getMessage() == '"GET /p/[link]/pain/ HTTP/1.1" 200'
