"""Queries: open, answer (with or without a value change), close, re-open, from an edit check."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import MessageKind, Query, QueryMessage, QueryState
from ablacem.edc.selectors.problems import open_problem_items
from tests.edc.conftest import DAY0, ITEMS, PASSWORD, enrol, treat

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def baseline(patient, user, **kw):
    data = {
        "patient": patient,
        "timepoint": "baseline",
        "assessed_on": DAY0 - dt.timedelta(days=2),
        "vas_worst": 8.0,
        "items": ITEMS,
        "actor": Actor.staff(user),
    }
    return services.assessment_record(**{**data, **kw})


@pytest.fixture
def visit(treated_patient, coordinator):
    patient, _, _ = treated_patient
    return baseline(patient, coordinator)


def test_a_query_lives_open_answered_closed_reopened_with_its_whole_thread(visit, monitor, coordinator):
    query = services.query_open(
        kind="visit",
        record=visit,
        field_name="vas_worst",
        question="VAS 8 but notes say 6?",
        actor=Actor.staff(monitor),
    )
    assert (query.state, query.opener_role, query.patient_id) == (QueryState.OPEN, "monitor", visit.patient_id)

    services.query_answer(query=query, text="Notes checked: 8 is right.", actor=Actor.staff(coordinator))
    query.refresh_from_db()
    assert query.state == QueryState.ANSWERED

    services.query_close(query=query, actor=Actor.staff(monitor))
    query.refresh_from_db()
    assert query.state == QueryState.CLOSED and query.closed_at is not None

    services.query_reopen(query=query, text="The source says 6 after all.", actor=Actor.staff(monitor))
    query.refresh_from_db()
    assert query.state == QueryState.OPEN and query.closed_at is None

    thread = list(query.messages.order_by("pk").values_list("kind", "author_label"))
    assert thread == [
        (MessageKind.QUESTION, "monitor_user"),
        (MessageKind.ANSWER, "coordinator_user"),
        (MessageKind.CLOSE, "monitor_user"),
        (MessageKind.REOPEN, "monitor_user"),
    ]
    assert query.history.count() == 4  # opened, answered, closed, re-opened


def test_an_answer_links_the_value_change_saved_through_the_form(visit, data_manager, coordinator):
    query = services.query_open(
        kind="visit", record=visit, field_name="vas_worst", question="Check worst pain", actor=Actor.staff(data_manager)
    )
    with pytest.raises(ValidationError) as no_change:
        services.query_answer(query=query, text="corrected", value_changed=True, actor=Actor.staff(coordinator))
    assert "value_changed" in no_change.value.message_dict

    changed = baseline(
        visit.patient, coordinator, vas_worst=6.0, expected_version=visit.version, reason="query: source says 6"
    )
    message = services.query_answer(
        query=query, text="corrected to 6", value_changed=True, actor=Actor.staff(coordinator)
    )

    assert message.record_version == changed.version == visit.version + 1
    assert message.change == "vas_worst: 8.0 -> 6.0"
    last = changed.history.order_by("-history_id").first()
    assert (last.version, last.history_change_reason) == (message.record_version, "query: source says 6")


def test_roles_who_open_and_who_answer(visit, coordinator, monitor, investigator, statistician):
    with pytest.raises(PermissionDenied):
        services.query_open(kind="visit", record=visit, question="?", actor=Actor.staff(coordinator))
    with pytest.raises(PermissionDenied):
        services.query_open(kind="visit", record=visit, question="?", actor=Actor.staff(statistician))
    query = services.query_open(kind="visit", record=visit, question="Date?", actor=Actor.staff(investigator))
    with pytest.raises(PermissionDenied):
        services.query_answer(query=query, text="me", actor=Actor.staff(monitor))
    with pytest.raises(PermissionDenied):
        services.query_close(query=query, actor=Actor.staff(coordinator))


def test_bad_input_names_the_field_and_the_rule(visit, monitor, coordinator):
    with pytest.raises(ValidationError) as blank:
        services.query_open(kind="visit", record=visit, question="  ", actor=Actor.staff(monitor))
    assert blank.value.message_dict == {"question": ["write the question"]}
    with pytest.raises(ValidationError) as field:
        services.query_open(
            kind="visit", record=visit, field_name="shoe_size", question="?", actor=Actor.staff(monitor)
        )
    assert "field_name" in field.value.message_dict
    query = services.query_open(kind="visit", record=visit, question="?", actor=Actor.staff(monitor))
    services.query_close(query=query, actor=Actor.staff(monitor))
    with pytest.raises(ValidationError) as closed:
        services.query_answer(query=query, text="late", actor=Actor.staff(coordinator))
    assert "only an open query is answered" in closed.value.message_dict["query"][0]


def test_the_thread_is_never_edited_nor_deleted(visit, monitor):
    query = services.query_open(kind="visit", record=visit, question="?", actor=Actor.staff(monitor))
    message = query.messages.get()
    message.text = "rewritten"
    with pytest.raises(PermissionError):
        message.save()
    with pytest.raises(PermissionError):
        message.delete()
    with pytest.raises(PermissionError):
        query.delete()
    assert QueryMessage.objects.get(pk=message.pk).text == "?"


def test_a_query_from_an_edit_check_closes_itself_once_the_rule_holds(
    coordinator, data_manager, django_capture_on_commit_callbacks
):
    patient = enrol(coordinator)  # enrolled long before today, no procedure: an open problem
    (item,) = [p for p in open_problem_items() if p.study_id == patient.study_id]
    query = services.query_from_problem(
        problem_key=item.key, study_id=patient.study_id, actor=Actor.staff(data_manager)
    )
    assert (query.form, query.record_pk, query.check_key) == ("enrolment", patient.pk, item.key)
    assert item.text in query.question
    with pytest.raises(ValidationError):  # one query per problem
        services.query_from_problem(problem_key=item.key, study_id=patient.study_id, actor=Actor.staff(data_manager))

    with django_capture_on_commit_callbacks(execute=True):
        treat(coordinator, patient)

    query.refresh_from_db()
    assert query.state == QueryState.CLOSED
    last = query.messages.order_by("pk").last()
    assert (last.kind, last.author_label) == (MessageKind.AUTO_CLOSE, "edit check (system)")


def test_a_save_that_leaves_the_problem_keeps_the_query_open(
    coordinator, data_manager, django_capture_on_commit_callbacks
):
    patient = enrol(coordinator)
    (item,) = [p for p in open_problem_items() if p.study_id == patient.study_id]
    query = services.query_from_problem(
        problem_key=item.key, study_id=patient.study_id, actor=Actor.staff(data_manager)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.patient_update(
            patient=patient,
            ecog=2,
            expected_version=patient.version,
            reason="ECOG re-assessed",
            actor=Actor.staff(coordinator),
        )
    query.refresh_from_db()
    assert query.state == QueryState.OPEN and query.messages.count() == 1


def test_signing_is_refused_while_a_query_is_not_closed(treated_patient, coordinator, investigator, monitor):
    patient, _, _ = treated_patient
    visit = baseline(patient, coordinator)
    query = services.query_open(kind="visit", record=visit, question="?", actor=Actor.staff(monitor))
    services.query_answer(query=query, text="ok", actor=Actor.staff(coordinator))
    with pytest.raises(ValidationError) as refused:
        services.casebook_sign(
            patient=patient, password=PASSWORD, confirm_open_follow_up=True, actor=Actor.staff(investigator)
        )
    assert refused.value.message_dict["patient"] == ["1 query is not closed: close them before signing"]
    services.query_close(query=query, actor=Actor.staff(monitor))
    services.casebook_sign(
        patient=patient, password=PASSWORD, confirm_open_follow_up=True, actor=Actor.staff(investigator)
    )
    assert Query.objects.get(pk=query.pk).state == QueryState.CLOSED
