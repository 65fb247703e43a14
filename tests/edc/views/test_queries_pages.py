"""Query pages: the marker next to a field, opening a query, the thread, the list, the log CSV."""

from __future__ import annotations

import csv
import html
import io

import pytest
from django.urls import reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import MessageKind, Query, QueryState

from .page_inputs import main_form_buttons, page_of
from .world import PASSWORD, enrol

pytestmark = pytest.mark.db_backend


def controls(client, url: str, values: dict) -> dict:
    """``values``, after checking each is an editable control on the page at ``url``."""
    page = page_of(client.get(url).content)
    for name in values:
        assert [c for c in page.named(name) if c.editable], f"no editable {name!r} on {url}"
    return values


def test_a_monitor_raises_a_query_from_the_field_and_the_site_answers_it(client_as, world):
    patient, visit = world["patient"], world["visit"]
    client = client_as("monitor")
    form_url = reverse("edc:visit_edit", args=[patient.pk, "baseline"])
    html = client.get(form_url).content.decode()
    raise_url = reverse("edc:query_new", args=[patient.pk, "visit", visit.pk]) + "?field=vas_worst"
    assert f'href="{raise_url}"' in html

    page = page_of(client.get(raise_url).content)
    assert "Open the query" in main_form_buttons(page)
    values = {"field_name": "vas_worst", "question": "Source says 6?"}
    sent = client.post(raise_url, controls(client, raise_url, values))
    query = Query.objects.get()
    assert sent.status_code == 302 and sent["Location"] == reverse("edc:query_detail", args=[patient.pk, query.pk])
    assert (query.form, query.record_pk, query.field_name) == ("visit", visit.pk, "vas_worst")

    coordinator = client_as("coordinator")
    marker = coordinator.get(form_url).content.decode()
    assert f'data-query="{query.pk}"' in marker and f"Query {query.pk} (open)" in marker
    assert "Raise a query" not in marker  # a coordinator answers, never raises
    whole = services.query_open(kind="visit", record=visit, question="Whole visit?", actor=Actor.staff(query.opened_by))
    on_form = coordinator.get(form_url).content.decode()
    assert f"Query {whole.pk} on this form (open)" in on_form.split('id="form-queries"')[1]
    services.query_close(query=whole, actor=Actor.staff(query.opened_by))

    detail = reverse("edc:query_detail", args=[patient.pk, query.pk])
    page = page_of(coordinator.get(detail).content)
    assert "Send the answer" in main_form_buttons(page) and "Close" not in main_form_buttons(page)
    answered = coordinator.post(
        detail, {"action": "answer", **controls(coordinator, detail, {"answer-text": "Checked: 8 is right."})}
    )
    assert answered.status_code == 302
    query.refresh_from_db()
    assert query.state == QueryState.ANSWERED

    monitor = client_as("monitor")
    assert "Close" in main_form_buttons(page_of(monitor.get(detail).content))
    closed = monitor.post(detail, {"action": "close", **controls(monitor, detail, {"close-text": "OK"})})
    assert closed.status_code == 302
    query.refresh_from_db()
    assert query.state == QueryState.CLOSED
    thread = monitor.get(detail).content.decode()
    assert "Source says 6?" in thread and "Checked: 8 is right." in thread


def test_an_answer_claiming_a_change_that_was_not_saved_is_refused_naming_the_rule(client_as, world, users):
    query = services.query_open(
        kind="visit", record=world["visit"], field_name="vas_worst", question="?", actor=Actor.staff(users["monitor"])
    )
    client = client_as("coordinator")
    detail = reverse("edc:query_detail", args=[world["patient"].pk, query.pk])
    sent = client.post(
        detail,
        {"action": "answer", **controls(client, detail, {"answer-text": "fixed", "answer-value_changed": "on"})},
    )
    assert sent.status_code == 422
    assert "no change of the field vas_worst was saved since the query was opened" in sent.content.decode()
    assert "fixed" in sent.content.decode()  # what was typed is kept
    assert Query.objects.get().state == QueryState.OPEN


def test_the_list_filters_and_the_dashboard_and_patient_page_count(client_as, world, users):
    monitor = Actor.staff(users["monitor"])
    first = services.query_open(kind="visit", record=world["visit"], question="first", actor=monitor)
    services.query_open(kind="adverse_event", record=world["event"], question="second", actor=monitor)
    services.query_answer(query=first, text="done", actor=Actor.staff(users["coordinator"]))
    client = client_as("data_manager")
    url = reverse("edc:query_list")
    everything = client.get(url).content.decode()
    assert "first" in everything and "second" in everything
    answered = client.get(url, {"state": "answered"}).content.decode()
    assert "first" in answered and "second" not in answered
    coordinator_turn = client.get(url, {"who": "coordinator"}).content.decode()
    assert "second" in coordinator_turn and "first" not in coordinator_turn
    forms = client.get(url, {"form": "adverse_event"}).content.decode()
    assert "second" in forms and "first" not in forms
    assert "No query matches." in client.get(url, {"age": "3"}).content.decode()
    bad = client.get(url, {"age": "soon"})
    assert bad.status_code == 400 and "Open for at least: give a whole number of days" in bad.content.decode()

    dashboard = client.get(reverse("edc:dashboard")).content.decode()
    card = dashboard[dashboard.index('id="queries-count"') :]
    assert '<p class="stat">1</p>' in card[:200] and "1 answered, to close" in card
    patient_page = client.get(reverse("edc:patient_detail", args=[world["patient"].pk])).content.decode()
    assert "2 not closed" in patient_page


def test_an_edit_check_problem_becomes_a_query_in_one_click(client_as, users):
    patient = enrol(users["coordinator"])  # no procedure, enrolled long ago: an open problem
    client = client_as("data_manager")
    page = client.get(reverse("edc:query_list")).content.decode()
    section = page[page.index('id="problems-to-query"') :]
    assert "Raise a query" in section and f"patient {patient.study_id} has no procedure" in section
    key = html.unescape(section.split('name="key" value="', 1)[1].split('"', 1)[0])
    sent = client.post(reverse("edc:query_from_problem"), {"study_id": patient.study_id, "key": key})
    query = Query.objects.get()
    assert sent.status_code == 302 and query.check_key and query.form == "enrolment"
    assert "Raise a query" not in client.get(reverse("edc:query_list")).content.decode().split('id="queries"')[1]


def test_the_query_log_csv_has_every_message_and_cannot_run_formulas(client_as, world, users):
    query = services.query_open(
        kind="visit", record=world["visit"], question='=HYPERLINK("http://x")', actor=Actor.staff(users["monitor"])
    )
    services.query_answer(query=query, text="-2 is a typo", actor=Actor.staff(users["coordinator"]))
    client = client_as("data_manager")
    assert 'href="/queries/log.csv"' in client.get(reverse("edc:query_list")).content.decode()
    response = client.get(reverse("edc:query_log_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["message_kind"] for r in rows] == [MessageKind.QUESTION, MessageKind.ANSWER]
    assert rows[0]["message"] == '\'=HYPERLINK("http://x")' and rows[1]["message"] == "'-2 is a typo"
    assert rows[0]["patient_id"] == world["patient"].study_id and rows[0]["form"] == "Baseline visit"
    assert "Alice Example" not in response.content.decode()


def test_the_sign_page_lists_open_queries_and_signing_is_refused(client_as, world, users):
    query = services.query_open(kind="visit", record=world["visit"], question="?", actor=Actor.staff(users["monitor"]))
    client = client_as("investigator")
    url = reverse("edc:sign", args=[world["patient"].pk])
    html = client.get(url).content.decode()
    assert f"Query {query.pk}</a> · Baseline visit · whole form · open" in html
    assert 'name="username"' in html  # the first signing of a session asks for the username too
    signer = users["investigator"].get_username()
    refused = client.post(url, {"username": signer, "password": PASSWORD, "confirm_open_follow_up": "on"})
    assert refused.status_code == 422 and "1 query is not closed: close them before signing" in refused.content.decode()
