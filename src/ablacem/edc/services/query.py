"""Queries (data clarification): open, answer, close, re-open, raise from an edit check.

The workflow of REDCap's Data Resolution Workflow and OpenClinica's discrepancy notes, as ICH
E6(R3) (2025) section 3.16.1 expects data to be clarified: every question and answer is kept,
attributable and dated, in a thread that is only ever appended to.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..actors import Actor
from ..form_kinds import FormKind, form_kind, locate_problem
from ..models import MessageKind, Patient, Query, QueryMessage, QueryState
from ..models.history import HISTORY_ACTOR
from ..roles import Action, Role, role_of
from ._common import raise_if, require
from ._sdv_hook import value_text
from ._study_lock_guard import refuse_if_study_locked

#: Longest question or message kept (a paragraph, not a document).
TEXT_MAX = 4000

#: Who closes a query raised from an edit check once the rule holds again.
EDIT_CHECK_ACTOR = Actor.system("edit check")


def _stamped_save(obj, *, actor: Actor, reason: str = "") -> None:
    obj._history_user = actor.user
    setattr(obj, HISTORY_ACTOR, actor)
    obj._change_reason = reason or None
    obj.save()


def _text(value: str, field: str, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise_if({field: [f"write the {what}"]})
    if len(text) > TEXT_MAX:
        raise_if({field: [f"the {what} is {len(text)} characters long; at most {TEXT_MAX} are kept"]})
    return text


def _add_message(query: Query, *, kind: str, text: str, actor: Actor, record_version=None, change="") -> QueryMessage:
    message = QueryMessage(
        query=query,
        kind=kind,
        text=text,
        author=actor.user,
        author_label=actor.label,
        record_version=record_version,
        change=change,
    )
    _stamped_save(message, actor=actor)
    return message


def _locked_query(query: Query) -> Query:
    return Query.objects.select_for_update().get(pk=query.pk)


def _opener_role(actor: Actor) -> str:
    role = role_of(actor.user)
    if role is None and actor.user is not None and actor.user.is_superuser:
        return Role.DATA_MANAGER.value
    return role.value if role else ""


@transaction.atomic
def query_open(
    *, kind: str | FormKind, record, field_name: str = "", question: str, actor: Actor, check_key: str = ""
) -> Query:
    """Open a query on one form (``field_name`` blank) or one field of it, with a question.

    Parameters
    ----------
    kind : str or FormKind
        The form (:data:`ablacem.edc.form_kinds.FORM_KINDS`).
    record
        The form's record (a visit, a lesion, the patient for enrolment and end of study...).
    field_name : str
        One of the form's fields, or blank for the whole form.
    question : str
        What the site must clarify (required).
    actor : Actor
        Needs ``raise_query`` (data manager, monitor, investigator).
    check_key : str
        Internal: the key of the edit-check problem the query is raised from.

    Raises
    ------
    ValidationError
        ``{"question": ...}`` without a question; ``{"field_name": ...}`` for a field the form
        does not have.
    PermissionDenied, RecordLockedError
    """
    kind = form_kind(kind) if isinstance(kind, str) else kind
    patient = kind.patient_of(record)
    require(actor, Action.RAISE_QUERY, patient)
    refuse_if_study_locked()
    if not isinstance(record, kind.model):
        raise TypeError(f"{type(record).__name__} is not a {kind.label} record")
    if field_name and field_name not in kind.fields:
        raise_if({"field_name": [f"{field_name!r} is not a field of the {kind.label} form"]})
    text = _text(question, "question", "question")
    query = Query(
        patient=patient,
        form=kind.code,
        record_pk=record.pk,
        field_name=field_name,
        question=text,
        opened_by=actor.user,
        opener_role=_opener_role(actor),
        check_key=check_key,
    )
    _stamped_save(query, actor=actor, reason="query opened")
    _add_message(query, kind=MessageKind.QUESTION, text=text, actor=actor)
    return query


def _value_change(query: Query, record, since) -> tuple[int, str] | None:
    """The last saved change of the queried value (or of the form) after ``since``:
    ``(version reached, "field: old -> new")``, or None when nothing changed."""
    kind = form_kind(query.form)
    fields = (query.field_name,) if query.field_name else kind.fields
    rows = list(record.history.order_by("history_date", "history_id"))
    before = next((r for r in reversed(rows) if r.history_date <= since), None)
    after = rows[-1] if rows else None
    if before is None or after is None or after.history_id == before.history_id:
        return None
    old = {f: value_text(getattr(before, f, None)) for f in fields}
    new = {f: value_text(getattr(after, f, None)) for f in fields}
    changes = [f"{f}: {old[f] or '(blank)'} -> {new[f] or '(blank)'}" for f in fields if old[f] != new[f]]
    if not changes:
        return None
    return after.version, "; ".join(changes)


@transaction.atomic
def query_answer(*, query: Query, text: str, value_changed: bool = False, actor: Actor) -> QueryMessage:
    """The site answers an open query, with or without having changed the value.

    A value is changed through the form's normal save (edit checks, reason for change); the
    answer then links to that change: the record's version it produced and the old and new
    values, taken from the audit trail since the query was opened.

    Parameters
    ----------
    query : Query
        An open query.
    text : str
        The answer (required).
    value_changed : bool
        True when the answer says the value was corrected on the form: the change must be in
        the audit trail, saved after the query was opened.
    actor : Actor
        Needs ``answer_query`` (coordinator).

    Raises
    ------
    ValidationError
        ``{"text": ...}`` without an answer; ``{"value_changed": ...}`` when no change of the
        queried value was saved since the query was opened; ``{"query": ...}`` unless open.
    PermissionDenied, RecordLockedError
    """
    require(actor, Action.ANSWER_QUERY, query.patient)
    refuse_if_study_locked()
    current = _locked_query(query)
    if current.state != QueryState.OPEN:
        raise ValidationError(
            {"query": [f"this query is {current.get_state_display().lower()}: only an open query is answered"]}
        )
    answer = _text(text, "text", "answer")
    version, change = None, ""
    if value_changed:
        kind = form_kind(current.form)
        record = kind.model.objects.get(pk=current.record_pk)
        last_open = current.messages.filter(kind__in=[MessageKind.QUESTION, MessageKind.REOPEN]).last()
        found = _value_change(current, record, last_open.created_at if last_open else current.created_at)
        if found is None:
            what = f"the field {current.field_name}" if current.field_name else "the form"
            raise_if(
                {
                    "value_changed": [
                        f"no change of {what} was saved since the query was opened: change the value on "
                        "the form first (with its reason for change), then answer"
                    ]
                }
            )
        version, change = found
    message = _add_message(
        current, kind=MessageKind.ANSWER, text=answer, actor=actor, record_version=version, change=change
    )
    current.state = QueryState.ANSWERED
    _stamped_save(current, actor=actor, reason="query answered")
    return message


@transaction.atomic
def query_close(*, query: Query, text: str = "", actor: Actor) -> Query:
    """The opener's side closes an open or answered query (with an optional note).

    Raises
    ------
    ValidationError
        ``{"query": ...}`` when already closed.
    PermissionDenied
        Unless the actor may ``raise_query``.
    """
    require(actor, Action.RAISE_QUERY, query.patient)
    refuse_if_study_locked()
    current = _locked_query(query)
    if current.state == QueryState.CLOSED:
        raise ValidationError({"query": ["this query is already closed"]})
    _add_message(current, kind=MessageKind.CLOSE, text=(text or "").strip() or "closed", actor=actor)
    current.state = QueryState.CLOSED
    current.closed_at = timezone.now()
    _stamped_save(current, actor=actor, reason="query closed")
    return current


@transaction.atomic
def query_reopen(*, query: Query, text: str, actor: Actor) -> Query:
    """Re-open an answered or closed query, saying what is still unclear.

    Raises
    ------
    ValidationError
        ``{"text": ...}`` without a reason; ``{"query": ...}`` when it is open already.
    PermissionDenied, RecordLockedError
    """
    require(actor, Action.RAISE_QUERY, query.patient)
    refuse_if_study_locked()
    current = _locked_query(query)
    if current.state == QueryState.OPEN:
        raise ValidationError({"query": ["this query is open already"]})
    note = _text(text, "text", "reason for re-opening")
    _add_message(current, kind=MessageKind.REOPEN, text=note, actor=actor)
    current.state = QueryState.OPEN
    current.closed_at = None
    _stamped_save(current, actor=actor, reason="query re-opened")
    return current


@transaction.atomic
def query_from_problem(*, problem_key: str, study_id: str, actor: Actor, question: str = "") -> Query:
    """Open a query from an open edit-check problem, in one click.

    The problem is looked up again among the patient's stored open problems (:func:`open_problem_items`); the
    query is on its form and field, asks its message (or ``question``), and keeps its key: once
    a save leaves no open problem with that key, the query closes itself
    (:func:`queries_close_resolved`).

    Raises
    ------
    ValidationError
        ``{"problem": ...}`` when the problem is no longer open, already has a query not
        closed, or is on no single form.
    PermissionDenied
    """
    from ..selectors.problems import open_problem_items

    # Another site's patient is "no longer open" too: its existence is not confirmed (issue 14).
    patient = Patient.objects.active().visible_to(actor).filter(study_id=study_id).first() if study_id else None
    items = open_problem_items(patient_pks=[patient.pk]) if patient is not None else []
    item = next((p for p in items if p.key == problem_key), None)
    if item is None:
        raise ValidationError({"problem": ["this edit-check problem is no longer open"]})
    if Query.objects.filter(patient=patient, check_key=problem_key).unresolved().exists():
        raise ValidationError({"problem": ["a query on this edit-check problem is already open"]})
    try:
        kind, record, field_name = locate_problem(item)
    except LookupError as exc:
        raise ValidationError({"problem": [str(exc)]}) from exc
    return query_open(
        kind=kind,
        record=record,
        field_name=field_name,
        question=(question or "").strip() or f"Edit check: {item.text}. Please check and correct or confirm.",
        actor=actor,
        check_key=problem_key,
    )


@transaction.atomic
def queries_close_resolved(*, patient_pk: int) -> list[Query]:
    """Close the patient's queries raised from an edit check whose problem is no longer open.

    Run after a save of the patient's data commits (:func:`ablacem.edc.services._query_hook.recheck_after_commit`);
    the thread records that the edit check closed it, by the system actor ``edit check``.
    Returns the queries closed.
    """
    from ..selectors.problems import open_problem_items

    waiting = list(
        Query.objects.select_for_update()
        .filter(patient_id=patient_pk)
        .exclude(check_key="")
        .exclude(state=QueryState.CLOSED)
    )
    if not waiting:
        return []
    still_open = {p.key for p in open_problem_items(patient_pks=[patient_pk])}
    closed = []
    for query in waiting:
        if query.check_key in still_open:
            continue
        _add_message(
            query,
            kind=MessageKind.AUTO_CLOSE,
            text="Closed automatically: the value no longer breaks the edit check.",
            actor=EDIT_CHECK_ACTOR,
        )
        query.state = QueryState.CLOSED
        query.closed_at = timezone.now()
        _stamped_save(query, actor=EDIT_CHECK_ACTOR, reason="edit check passes")
        closed.append(query)
    return closed
