"""Query selectors: ages, who must act, filters, counts per patient, dashboard bands, the log."""

import datetime as dt

import pytest
from django.utils import timezone

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Lesion, Query
from ablacem.edc.selectors.queries import query_counts, query_log, query_rows, query_summary, record_queries
from tests.edc.conftest import DAY0, ITEMS

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


@pytest.fixture
def visit(treated_patient, coordinator):
    patient, _, _ = treated_patient
    return services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=DAY0 - dt.timedelta(days=2),
        vas_worst=8.0,
        items=ITEMS,
        actor=Actor.staff(coordinator),
    )


def opened_days_ago(query, days: int) -> None:
    """Move a query's opening back (as if it had been opened ``days`` ago)."""
    Query.objects.filter(pk=query.pk).update(created_at=timezone.now() - dt.timedelta(days=days))


def test_ages_who_must_act_and_filters(visit, treated_patient, monitor, data_manager, coordinator, statistician):
    today = timezone.localdate()
    old = services.query_open(kind="visit", record=visit, question="old", actor=Actor.staff(monitor))
    new = services.query_open(
        kind="lesion", record=treated_patient[1], field_name="size_mm", question="new", actor=Actor.staff(data_manager)
    )
    opened_days_ago(old, 40)
    services.query_answer(query=new, text="ok", actor=Actor.staff(coordinator))

    rows = {r.query.question: r for r in query_rows(actor=monitor, today=today)}
    assert rows["old"].age_days == 40 and rows["new"].age_days == 0
    assert (rows["old"].who_must_act, rows["new"].who_must_act) == ("coordinator", "data_manager")
    assert (rows["old"].form_label, rows["old"].field_label) == ("Baseline visit", "whole form")
    assert rows["new"].field_label == Lesion._meta.get_field("size_mm").verbose_name

    def questions(**filters):
        return [r.query.question for r in query_rows(actor=monitor, today=today, **filters)]

    assert questions(min_age_days=30) == ["old"]
    assert questions(state="answered") == ["new"]
    assert questions(who="data_manager") == ["new"]
    assert questions(form="visit") == ["old"]
    assert query_rows(actor=statistician, today=today) == []  # no access to clinical data


def test_counts_per_patient_and_dashboard_bands(visit, monitor, coordinator):
    today = timezone.localdate()
    ages = {"a": 2, "b": 10, "c": 45, "d": 3}
    made = {}
    for q, days in ages.items():
        made[q] = services.query_open(kind="visit", record=visit, question=q, actor=Actor.staff(monitor))
        opened_days_ago(made[q], days)
    services.query_close(query=made["d"], actor=Actor.staff(monitor))  # closed: not counted
    services.query_answer(query=made["b"], text="ok", actor=Actor.staff(coordinator))

    assert query_counts(actor=monitor, today=today) == {visit.patient_id: {"open": 2, "answered": 1, "oldest_days": 45}}
    summary = query_summary(actor=monitor, today=today)
    assert summary == {
        "open": 2,
        "answered": 1,
        "oldest_days": 45,
        "bands": [("under 7 days", 1), ("7 to 29 days", 1), ("30 days or more", 1)],
    }
    markers = record_queries(kinds=["visit"], record_pk=visit.pk, actor=monitor)
    assert sorted(q.question for q in markers[""]) == ["a", "b", "c"]


def test_the_log_has_one_row_per_message_in_utc(visit, monitor, coordinator):
    query = services.query_open(kind="visit", record=visit, question="Q?", actor=Actor.staff(monitor))
    services.query_answer(query=query, text="A.", actor=Actor.staff(coordinator))
    services.query_close(query=query, actor=Actor.staff(monitor))
    rows = query_log(actor=monitor)
    assert [(r["message_kind"], r["message"], r["message_by"]) for r in rows] == [
        ("question", "Q?", "monitor_user"),
        ("answer", "A.", "coordinator_user"),
        ("close", "closed", "monitor_user"),
    ]
    query.refresh_from_db()
    assert rows[0]["opened_at_utc"] == query.created_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    assert {r["state"] for r in rows} == {"closed"}


def test_the_query_page_filters_in_sql_as_query_rows_does(visit, treated_patient, monitor, data_manager, coordinator):
    from ablacem.edc.selectors.queries import query_page

    today = timezone.localdate()
    made = {
        name: services.query_open(kind="visit", record=visit, question=name, actor=Actor.staff(actor))
        for name, actor in (("a", monitor), ("b", data_manager), ("c", monitor), ("d", data_manager))
    }
    for name, days in (("a", 40), ("b", 7), ("c", 6), ("d", 30)):
        opened_days_ago(made[name], days)
    services.query_answer(query=made["b"], text="ok", actor=Actor.staff(coordinator))
    services.query_close(query=made["d"], actor=Actor.staff(data_manager))  # closed on its 30th day
    for filters in (
        {},
        {"min_age_days": 7},
        {"min_age_days": 30},
        {"min_age_days": 31},
        {"state": "open"},
        {"who": "coordinator"},
        {"who": "data_manager"},
        {"who": "monitor", "min_age_days": 1},
    ):
        expected = [r.query.question for r in query_rows(actor=monitor, today=today, **filters)]
        page = query_page(actor=monitor, today=today, per_page=2, **filters)
        assert page.paginator.count == len(expected), filters
        assert [r.query.question for r in page.object_list] == expected[:2], filters
    second = query_page(actor=monitor, today=today, per_page=2, page=2)  # oldest first: a, d, then b, c
    assert [r.query.question for r in second.object_list] == ["b", "c"]
