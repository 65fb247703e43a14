"""Queries as pages show them: the data manager's list (with filters), counts and ages per
patient and for the dashboard, the markers next to a form's fields and the query log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from ..form_kinds import FORM_KINDS
from ..models import Query, QueryMessage, QueryState
from ..roles import ROLE_LABELS, Role

#: The states a list can be filtered on, as the page names them.
QUERY_STATES = {s.value: s.label for s in QueryState}
#: "Who must act" filter: the role that has the next move.
WHO_MUST_ACT = {r.value: ROLE_LABELS[r] for r in (Role.COORDINATOR, Role.DATA_MANAGER, Role.MONITOR, Role.INVESTIGATOR)}


def who_must_act(query: Query) -> str:
    """The role with the next move: the coordinator answers an open query, the opener's role
    closes or re-opens an answered one; nobody for a closed one (``""``)."""
    if query.state == QueryState.OPEN:
        return Role.COORDINATOR.value
    if query.state == QueryState.ANSWERED:
        return query.opener_role
    return ""


def age_days(query: Query, today: dt.date) -> int:
    """Days the query has been open: from its opening to today (to its closing once closed)."""
    end = timezone.localtime(query.closed_at).date() if query.closed_at else today
    return (end - timezone.localtime(query.created_at).date()).days


def field_label(form: str, field_name: str) -> str:
    """A field's label as the form shows it (the whole form when blank)."""
    if not field_name:
        return "whole form"
    try:
        return str(FORM_KINDS[form].model._meta.get_field(field_name).verbose_name)
    except Exception:  # a field renamed since the query was opened keeps its stored name
        return field_name


@dataclass(frozen=True)
class QueryRow:
    """One query on the list."""

    query: Query
    study_id: str
    form_label: str
    field_label: str
    age_days: int
    who_must_act: str
    url: str

    @property
    def who_label(self) -> str:
        """The role that must act, as pages name it."""
        return ROLE_LABELS.get(self.who_must_act, self.who_must_act) if self.who_must_act else "nobody (closed)"


def record_labels(queries) -> dict[tuple[str, int], str]:
    """``{(form, record_pk): "1 month visit"}`` for every record the queries point at."""
    wanted: dict[str, set[int]] = {}
    for q in queries:
        wanted.setdefault(q.form, set()).add(q.record_pk)
    labels = {}
    for code, pks in wanted.items():
        kind = FORM_KINDS.get(code)
        if kind is None:
            continue
        for record in kind.model.objects.filter(pk__in=pks):
            labels[(code, record.pk)] = kind.record_label(record)
    return labels


def query_rows(
    *,
    actor,
    today: dt.date,
    state: str = "",
    form: str = "",
    min_age_days: int | None = None,
    who: str = "",
    patient=None,
) -> list[QueryRow]:
    """The queries ``actor`` may see, oldest first, filtered.

    Parameters
    ----------
    state : str
        ``open``, ``answered`` or ``closed`` (blank: all).
    form : str
        A form kind (blank: all).
    min_age_days : int, optional
        Only queries open for at least this many days.
    who : str
        Only queries whose next move is this role's (:func:`who_must_act`).
    patient : Patient, optional
        Only this patient's.
    """
    queries = _filtered(actor=actor, state=state, form=form, who=who, patient=patient)
    return _rows(list(queries), today=today, min_age_days=min_age_days, who=who)


def _filtered(*, actor, state: str = "", form: str = "", who: str = "", patient=None):
    """The queries matching the filters that SQL can apply (``who`` as :func:`who_must_act` says)."""
    queries = Query.objects.visible_to(actor).select_related("patient")
    if state:
        queries = queries.filter(state=state)
    if form:
        queries = queries.filter(form=form)
    if patient is not None:
        queries = queries.filter(patient=patient)
    if who:
        answered = Q(state=QueryState.ANSWERED, opener_role=who)
        queries = queries.filter(Q(state=QueryState.OPEN) | answered if who == Role.COORDINATOR.value else answered)
    return queries


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def query_page(
    *,
    actor,
    today: dt.date,
    page: int | str = 1,
    per_page: int = 50,
    state: str = "",
    form: str = "",
    min_age_days: int | None = None,
    who: str = "",
) -> Page:
    """One page of :func:`query_rows` (oldest first), filtered and paged in SQL: a fixed number
    of queries and rows built for the page only, whatever the number of patients.

    ``min_age_days`` keeps the queries open for at least that many days: not closed and opened
    on or before ``today - min_age_days``, or closed at least that many days after opening (the
    closed ones are checked in Python, on the closed queries only).
    """
    queries = _filtered(actor=actor, state=state, form=form, who=who).order_by("created_at", "pk")
    if min_age_days is not None:
        cutoff = _local_midnight(today - dt.timedelta(days=min_age_days - 1))
        still = queries.exclude(state=QueryState.CLOSED).filter(created_at__lt=cutoff)
        closed = [
            q.pk
            for q in queries.filter(state=QueryState.CLOSED).select_related(None).only("pk", "created_at", "closed_at")
            if age_days(q, today) >= min_age_days
        ]
        queries = queries.filter(Q(pk__in=still.values("pk")) | Q(pk__in=closed))
    found = Paginator(queries, per_page).get_page(page)
    found.object_list = _rows(list(found.object_list), today=today)
    return found


def _rows(queries: list[Query], *, today: dt.date, min_age_days: int | None = None, who: str = "") -> list[QueryRow]:
    labels = record_labels(queries)
    rows = []
    for q in queries:
        row = QueryRow(
            query=q,
            study_id=q.patient.study_id,
            form_label=labels.get((q.form, q.record_pk), FORM_KINDS[q.form].label if q.form in FORM_KINDS else q.form),
            field_label=field_label(q.form, q.field_name),
            age_days=age_days(q, today),
            who_must_act=who_must_act(q),
            url=reverse("edc:query_detail", args=[q.patient_id, q.pk]),
        )
        if min_age_days is not None and row.age_days < min_age_days:
            continue
        if who and row.who_must_act != who:
            continue
        rows.append(row)
    return rows


def oldest_query_patients(*, actor, today: dt.date, limit: int = 20) -> list[tuple[str, int, dict]]:
    """``[(study_id, patient key, counts)]`` of the ``limit`` patients whose oldest query not
    closed is oldest (counts as :func:`query_counts`), aggregated in SQL: one query."""
    rows = (
        Query.objects.visible_to(actor)
        .unresolved()
        .values("patient_id", "patient__study_id")
        .annotate(
            open=Count("pk", filter=Q(state=QueryState.OPEN)),
            answered=Count("pk", filter=Q(state=QueryState.ANSWERED)),
            first=Min("created_at"),
        )
        .order_by("first", "patient__study_id")[:limit]
    )
    return [
        (
            r["patient__study_id"],
            r["patient_id"],
            {
                "open": r["open"],
                "answered": r["answered"],
                "oldest_days": (today - timezone.localtime(r["first"]).date()).days,
            },
        )
        for r in rows
    ]


def query_counts(*, actor, today: dt.date) -> dict[int, dict]:
    """Per patient key: ``open``, ``answered`` (not closed yet) and ``oldest_days`` (age of the
    oldest query not closed)."""
    out: dict[int, dict] = {}
    for q in Query.objects.visible_to(actor).unresolved():
        counts = out.setdefault(q.patient_id, {"open": 0, "answered": 0, "oldest_days": 0})
        counts["open" if q.state == QueryState.OPEN else "answered"] += 1
        counts["oldest_days"] = max(counts["oldest_days"], age_days(q, today))
    return out


#: Age bands of the dashboard (days open): label -> (lowest, highest or None).
AGE_BANDS = (("under 7 days", 0, 6), ("7 to 29 days", 7, 29), ("30 days or more", 30, None))


def query_summary(*, actor, today: dt.date) -> dict:
    """The dashboard's query figures: ``open``, ``answered``, ``oldest_days`` and ``bands``
    (``[(label, count)]`` of the queries not closed, by days open, :data:`AGE_BANDS`)."""
    unresolved = Query.objects.visible_to(actor).unresolved()

    def opened_by_age(lo: int, hi: int | None) -> Q:
        # Open for ``days`` days: opened on the local day ``today - days``, so before the
        # midnight that starts ``today - lo + 1`` and not before the one that starts ``today - hi``.
        q = Q(created_at__lt=_local_midnight(today - dt.timedelta(days=lo - 1)))
        return q if hi is None else q & Q(created_at__gte=_local_midnight(today - dt.timedelta(days=hi)))

    figures = unresolved.aggregate(
        open=Count("pk", filter=Q(state=QueryState.OPEN)),
        answered=Count("pk", filter=Q(state=QueryState.ANSWERED)),
        first=Min("created_at"),
        **{f"band{i}": Count("pk", filter=opened_by_age(lo, hi)) for i, (_, lo, hi) in enumerate(AGE_BANDS)},
    )
    oldest = (today - timezone.localtime(figures["first"]).date()).days if figures["first"] else 0
    bands = [(label, figures[f"band{i}"]) for i, (label, _, _) in enumerate(AGE_BANDS)]
    return {"open": figures["open"], "answered": figures["answered"], "oldest_days": oldest, "bands": bands}


def record_queries(*, kinds, record_pk: int, actor) -> dict[str, list[Query]]:
    """Queries not closed on one record, by field (``""``: on the whole form), for the markers
    next to the fields. ``kinds`` are the form kinds the page shows."""
    out: dict[str, list[Query]] = {}
    for q in Query.objects.visible_to(actor).unresolved().filter(form__in=list(kinds), record_pk=record_pk):
        out.setdefault(q.field_name, []).append(q)
    return out


def query_thread(query: Query) -> list[QueryMessage]:
    """The query's messages, oldest first."""
    return list(query.messages.select_related("author").order_by("created_at", "pk"))


#: Columns of the query log (CSV for the trial master file).
QUERY_LOG_COLUMNS = (
    "query_id",
    "patient_id",
    "form",
    "record",
    "field",
    "state",
    "opened_by",
    "opened_at_utc",
    "closed_at_utc",
    "message_kind",
    "message_by",
    "message_at_utc",
    "message",
    "record_version",
    "value_change",
)


def query_log(*, actor) -> list[dict]:
    """Every message of every query ``actor`` may see, one row per message (oldest first), with
    its query's context: the query log of the trial master file (times in UTC)."""
    queries = {q.pk: q for q in Query.objects.visible_to(actor).select_related("patient", "opened_by")}
    labels = record_labels(queries.values())
    rows = []
    messages = QueryMessage.objects.filter(query_id__in=queries).order_by("query_id", "created_at", "pk")
    for m in messages:
        q = queries[m.query_id]
        rows.append(
            {
                "query_id": q.pk,
                "patient_id": q.patient.study_id,
                "form": labels.get((q.form, q.record_pk), q.form),
                "record": q.record_pk,
                "field": q.field_name,
                "state": q.state,
                "opened_by": q.opened_by.get_username(),
                "opened_at_utc": q.created_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
                "closed_at_utc": q.closed_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S") if q.closed_at else "",
                "message_kind": m.kind,
                "message_by": m.author_label,
                "message_at_utc": m.created_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
                "message": m.text,
                "record_version": "" if m.record_version is None else m.record_version,
                "value_change": m.change,
            }
        )
    return rows


def problems_to_query(*, actor) -> list:
    """Open edit-check problems (:func:`~ablacem.edc.selectors.problems.open_problem_items`) of
    the patients ``actor`` may see that no query (open or answered) was raised from yet."""
    from .problems import open_problem_items

    raised = Query.objects.visible_to(actor).unresolved().exclude(check_key="")
    queried = set(raised.values_list("patient__study_id", "check_key"))
    return [p for p in open_problem_items(actor=actor) if (p.study_id, p.key) not in queried]
