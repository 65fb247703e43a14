"""Queries: the data manager's list (filters, query log CSV, edit-check problems to raise), a
query's page (thread, answer, close, re-open) and opening one on a form or field."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from ablacem.edc.actors import actor_from_request
from ablacem.edc.form_kinds import FORM_KINDS, form_kind
from ablacem.edc.forms.query import QueryAnswerForm, QueryCloseForm, QueryOpenForm, QueryReopenForm
from ablacem.edc.models import Query, QueryState
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.queries import (
    QUERY_LOG_COLUMNS,
    QUERY_STATES,
    WHO_MUST_ACT,
    field_label,
    problems_to_query,
    query_log,
    query_page,
    query_thread,
)
from ablacem.edc.services.errors import RecordLockedError
from ablacem.edc.services.query import query_answer, query_close, query_from_problem, query_open, query_reopen

from ._access import check, requires
from ._csv import csv_text
from ._files import stamped
from ._forms import patient_or_404, posted, run_service
from ._render import form_page

#: Queries, and problems without a query, per page of the query list.
PAGE_SIZE = 50

log = logging.getLogger(__name__)


def _filters(request) -> tuple[dict, list[str]]:
    """The list's filters from the query string, and a sentence for each value not understood."""
    got, errors = {}, []
    state, form, who, age = (request.GET.get(k, "").strip() for k in ("state", "form", "who", "age"))
    if state and state not in QUERY_STATES:
        errors.append("State filter: choose open, answered or closed.")
    elif state:
        got["state"] = state
    if form and form not in FORM_KINDS:
        errors.append("Form filter: choose one of the listed forms.")
    elif form:
        got["form"] = form
    if who and who not in WHO_MUST_ACT:
        errors.append("Who must act filter: choose one of the listed roles.")
    elif who:
        got["who"] = who
    if age and not (age.isdigit() and int(age) <= 10000):
        errors.append("Open for at least: give a whole number of days (0 or more).")
    elif age:
        got["min_age_days"] = int(age)
    return got, errors


@requires(Action.VIEW_CLINICAL)
@require_safe
def query_list(request):
    """Every query (filters: state, form, days open, who must act) and, for roles that raise
    queries, the open edit-check problems without one, each raised in one click; both
    :data:`PAGE_SIZE` a page (``?page=``, ``?problems_page=``)."""
    actor = actor_from_request(request)
    filters, errors = _filters(request)
    rows = query_page(
        actor=actor, today=timezone.localdate(), page=request.GET.get("page", 1), per_page=PAGE_SIZE, **filters
    )
    problems = Paginator(problems_to_query(actor=actor) if can(actor, Action.RAISE_QUERY) else [], PAGE_SIZE)
    filter_query = urlencode({k: v for k in ("state", "form", "who", "age") if (v := request.GET.get(k, "").strip())})
    return form_page(
        request,
        "edc/query_list.html",
        status=400 if errors else None,
        rows=rows,
        filter_query=filter_query,
        filters=filters,
        filter_errors=errors,
        states=QUERY_STATES.items(),
        forms=[(k.code, k.label) for k in FORM_KINDS.values()],
        roles=WHO_MUST_ACT.items(),
        problems=problems.get_page(request.GET.get("problems_page")),
        nav="queries",
    )


@requires(Action.VIEW_AUDIT)
@require_safe
def query_log_csv(request):
    """The query log (every message of every query, with its context) for the trial master file."""
    text = csv_text(QUERY_LOG_COLUMNS, query_log(actor=actor_from_request(request)))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stamped("query-log", ".csv")}"'
    response["Cache-Control"] = "no-store"
    log.info("query log downloaded by user %s", request.user.pk)
    return response


def _record_or_404(patient, kind_code: str, record_pk: int):
    if kind_code not in FORM_KINDS:
        raise Http404("no such form")
    kind = form_kind(kind_code)
    record = kind.model.objects.active().filter(pk=record_pk).first()
    if record is None or kind.patient_of(record).pk != patient.pk:
        raise Http404("no such record")
    return kind, record


@requires(Action.RAISE_QUERY)
def query_new(request, pk: int, kind: str, record_pk: int):
    """Open a query on a form, or on the field named by ``?field=`` (chosen on the page)."""
    patient = patient_or_404(request, pk)
    kind, record = _record_or_404(patient, kind, record_pk)
    choices = [(f, field_label(kind.code, f)) for f in kind.fields]
    wanted = request.GET.get("field", "")
    form = QueryOpenForm(
        posted(request), fields=choices, initial={"field_name": wanted if wanted in kind.fields else ""}
    )
    if request.method == "POST" and form.is_valid():
        opened = run_service(
            form,
            lambda: query_open(
                kind=kind,
                record=record,
                field_name=form.cleaned_data["field_name"],
                question=form.cleaned_data["question"],
                actor=actor_from_request(request),
            ),
        )
        if opened is not None:
            messages.success(request, f"Query {opened.pk} opened; the site will see it next to the field.")
            return redirect("edc:query_detail", patient.pk, opened.pk)
    return form_page(
        request,
        title=f"Open a query · {kind.record_label(record)}",
        form=form,
        patient=patient,
        intro="The coordinator answers it; you close it (or re-open it) once answered.",
        submit_label="Open the query",
        cancel_url=kind.url(record),
    )


#: Thread action -> (form, action needed).
THREAD_ACTIONS = {
    "answer": (QueryAnswerForm, Action.ANSWER_QUERY),
    "close": (QueryCloseForm, Action.RAISE_QUERY),
    "reopen": (QueryReopenForm, Action.RAISE_QUERY),
}


def _run_thread_action(request, query, action: str, form):
    actor = actor_from_request(request)
    data = form.cleaned_data
    if action == "answer":
        return query_answer(query=query, text=data["text"], value_changed=data["value_changed"], actor=actor)
    if action == "close":
        return query_close(query=query, text=data["text"], actor=actor)
    return query_reopen(query=query, text=data["text"], actor=actor)


@requires(Action.VIEW_CLINICAL)
def query_detail(request, pk: int, query_pk: int):
    """A query: where it is, its thread, and the answer / close / re-open the user may give."""
    actor = actor_from_request(request)
    patient = patient_or_404(request, pk)
    query = get_object_or_404(Query.objects.visible_to(actor), pk=query_pk, patient=patient)
    kind = FORM_KINDS[query.form]
    record = kind.model.objects.filter(pk=query.record_pk).first()
    posted_action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method == "POST" and posted_action not in THREAD_ACTIONS:
        raise PermissionDenied("Unknown query action.")
    forms = {}
    for action, (form_class, needed) in THREAD_ACTIONS.items():
        if not can(actor, needed, patient):
            continue
        forms[action] = form_class(request.POST if posted_action == action else None, prefix=action)
    status = None
    if posted_action:
        check(actor, THREAD_ACTIONS[posted_action][1], patient)
        form = forms[posted_action]
        if form.is_valid() and run_service(form, lambda: _run_thread_action(request, query, posted_action, form)):
            messages.success(
                request,
                {"answer": "Answer sent.", "close": "Query closed.", "reopen": "Query re-opened."}[posted_action],
            )
            return redirect("edc:query_detail", patient.pk, query.pk)
        status = 422
    available = {
        "answer": query.state == QueryState.OPEN,
        "close": query.state != QueryState.CLOSED,
        "reopen": query.state != QueryState.OPEN,
    }
    return form_page(
        request,
        "edc/query_detail.html",
        status=status,
        title=f"Query {query.pk}",
        patient=patient,
        query=query,
        record_label=kind.record_label(record) if record else kind.label,
        record_url=kind.url(record) if record is not None and not record.is_deleted else "",
        field=field_label(query.form, query.field_name),
        thread=query_thread(query),
        thread_forms=[(a, f) for a, f in forms.items() if available[a]],
    )


@requires(Action.RAISE_QUERY)
@require_POST
def query_raise_from_problem(request):
    """Turn an open edit-check problem into a query (the list's one-click button)."""
    try:
        opened = query_from_problem(
            problem_key=request.POST.get("key", ""),
            study_id=request.POST.get("study_id", ""),
            actor=actor_from_request(request),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("edc:query_list")
    except RecordLockedError as exc:
        messages.error(request, str(exc))
        return redirect("edc:query_list")
    messages.success(request, f"Query {opened.pk} opened from the edit check; it closes itself once the value passes.")
    return redirect("edc:query_detail", opened.patient_id, opened.pk)
