"""The coordinator's worklist: visits and CTs due today, this week, overdue or missed.

Computed in SQL over the stored visit schedule (:class:`~ablacem.edc.models.ScheduledVisit`,
derived from ``protocol.windows``): the buckets are date filters, the counts aggregates, a page
of a bucket one ordered query, whatever the number of patients. The conditions below are
:func:`ablacem.protocol.windows.visit_state` written as filters;
``tests/edc/selectors/test_worklist_sql.py`` checks them against it on random cohorts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ablacem.protocol import codelists as cl
from ablacem.protocol.timepoints import IMAGING_TIMEPOINT_CODES, TIMEPOINTS
from ablacem.protocol.windows import DUE_SOON_DAYS, VisitState

from ..models import Imaging, Patient, ScheduledVisit

#: "today" for the worklist: one date, or each site's date (``{site key: date}``; key None for
#: patients without a site, who belong to the default site).
Today = dt.date | dict[int | None, dt.date]

#: Buckets in the order the worklist shows them.
BUCKETS = ("overdue", "due_today", "this_week", "missed", "upcoming")
#: What a worklist row asks for: a scheduled visit, or the CT of one treated lesion.
VISIT, CT = "visit", "ct"
_LABELS = {tp.code: tp.label for tp in TIMEPOINTS}


@dataclass(frozen=True)
class WorklistRow:
    """One scheduled visit, or one treated lesion's CT, that has no record yet.

    Attributes
    ----------
    patient_pk : int
        Database key of the patient (for URLs: never put the study ID in an address).
    study_id : str
    timepoint : str
    label : str
        The timepoint's label (``3 months``).
    target, window_lower, window_upper : date
    state : VisitState
        From :func:`ablacem.protocol.windows.visit_state`.
    bucket : str
        ``overdue`` (past target, still in window), ``due_today`` (target today),
        ``this_week`` (target in the next 7 days), ``missed`` (window closed, or the study
        ended: record it or mark it not done) or ``upcoming``.
    kind : str
        ``visit`` or ``ct``.
    lesion_pk : int or None
        Database key of the lesion whose CT is due (``ct`` rows only).
    lesion_id : str
        The lesion's ID (``ct`` rows only, else empty).
    """

    patient_pk: int
    study_id: str
    timepoint: str
    label: str
    target: dt.date
    window_lower: dt.date
    window_upper: dt.date
    state: VisitState
    bucket: str
    kind: str = VISIT
    lesion_pk: int | None = None
    lesion_id: str = ""


_P = "procedure__patient__"


def _day_expr(today: Today, plus_days: int = 0):
    """``today`` (+ ``plus_days``) as an SQL value: one constant, or the patient's site's date."""
    if isinstance(today, dt.date):
        return Value(today + dt.timedelta(days=plus_days), output_field=DateField())
    days = {k: d + dt.timedelta(days=plus_days) for k, d in today.items()}
    if len(set(days.values())) == 1:
        return Value(next(iter(days.values())), output_field=DateField())
    default = days.get(None, timezone.localdate() + dt.timedelta(days=plus_days))
    whens = [When(**{f"{_P}site_id": k}, then=Value(d)) for k, d in days.items() if k is not None]
    return Case(*whens, default=Value(default), output_field=DateField())


#: :func:`ablacem.protocol.end_of_study.study_end` in SQL: the date of death for a patient who
#: died (the end date when not given), the end date for any other end, None while followed.
_STUDY_END = Case(
    When(Q(**{f"{_P}end_reason": ""}) | Q(**{f"{_P}end_reason__isnull": True}), then=Value(None)),
    When(**{f"{_P}end_reason": cl.END_DIED}, then=Coalesce(f"{_P}death_date", f"{_P}end_date")),
    default=F(f"{_P}end_date"),
    output_field=DateField(),
)

_ENDED = Q(end__isnull=False, end__lte=F("today"))
_RUNNING = Q(end__isnull=True) | Q(end__gt=F("today"))
#: Each bucket as a filter on the annotations of :func:`schedule_rows` (``visit_state``'s cases).
BUCKET_FILTERS = {
    "overdue": _RUNNING & Q(target__lt=F("today"), window_upper__gte=F("today")),
    "due_today": _RUNNING & Q(target=F("today")),
    "this_week": _RUNNING & Q(target__gt=F("today"), target__lte=F("week_end")),
    "missed": (_ENDED & Q(end__gte=F("target"))) | (_RUNNING & Q(window_upper__lt=F("today"))),
    "upcoming": _RUNNING & Q(target__gt=F("week_end")),
}
_NOT_EXPECTED = _ENDED & Q(end__lt=F("target"))
_BUCKET = Case(
    *(When(where, then=Value(bucket)) for bucket, where in BUCKET_FILTERS.items()),
    default=Value(""),
    output_field=CharField(),
)
_BUCKET_ORDER = Case(
    *(When(where, then=Value(BUCKETS.index(bucket))) for bucket, where in BUCKET_FILTERS.items()),
    default=Value(len(BUCKETS)),
    output_field=IntegerField(),
)
_STATE = Case(
    When(_NOT_EXPECTED, then=Value(VisitState.NOT_EXPECTED.value)),
    When(BUCKET_FILTERS["missed"], then=Value(VisitState.MISSED.value)),
    When(BUCKET_FILTERS["overdue"], then=Value(VisitState.OVERDUE.value)),
    When(_RUNNING & Q(window_lower__lte=F("today")), then=Value(VisitState.OPEN.value)),
    default=Value(VisitState.NOT_YET_OPEN.value),
    output_field=CharField(),
)


def schedule_rows(*, today: Today, actor):
    """The schedule rows of the patients ``actor`` sees whose procedure is recorded, annotated
    with ``today``, ``week_end``, ``end`` (of study), ``state``, ``status`` (of the visit's
    record, None without one) and ``recorded`` (done or marked not done)."""
    return (
        ScheduledVisit.objects.filter(
            procedure__is_deleted=False, procedure__patient__in=Patient.objects.active().visible_to(actor)
        )
        .annotate(
            today=_day_expr(today),
            week_end=_day_expr(today, DUE_SOON_DAYS),
            end=_STUDY_END,
            study_id=F(f"{_P}study_id"),
            patient_pk=F(f"{_P}id"),
            visit=FilteredRelation(
                f"{_P}assessments",
                condition=Q(**{f"{_P}assessments__timepoint": F("timepoint"), f"{_P}assessments__is_deleted": False}),
            ),
        )
        .annotate(
            status=F("visit__status"),
        )
        .annotate(state=_STATE, bucket=_BUCKET, bucket_order=_BUCKET_ORDER)
    )


_ROW_FIELDS = (
    "patient_pk",
    "study_id",
    "timepoint",
    "target",
    "window_lower",
    "window_upper",
    "state",
    "kind",
    "lesion_pk",
    "lesion_code",
    "timepoint_order",
    "bucket",
    "bucket_order",
)
_ORDER = ("bucket_order", "target", "study_id", "timepoint_order", "kind", "lesion_code")


_UNRECORDED = Q(status__isnull=True) | Q(status=cl.NOT_DUE)


def _visits(base):
    """Schedule rows of visits without a record (done or marked not done)."""
    return base.filter(_UNRECORDED).annotate(
        kind=Value(VISIT, output_field=CharField()),
        lesion_pk=Value(None, output_field=IntegerField()),
        lesion_code=Value("", output_field=CharField()),
    )


def _cts(base):
    """Schedule rows of imaging timepoints, one per treated lesion whose CT has no result."""
    imaged = (
        Imaging.objects.active().filter(lesion_id=OuterRef("lesion_pk"), timepoint=OuterRef("timepoint")).order_by()
    )
    return (
        base.filter(timepoint__in=IMAGING_TIMEPOINT_CODES)
        .annotate(
            kind=Value(CT, output_field=CharField()),
            lesion_pk=F("procedure__treated_lesions__lesion_id"),
            lesion_code=F("procedure__treated_lesions__lesion__lesion_id"),
            treated_deleted=F("procedure__treated_lesions__is_deleted"),
            lesion_deleted=F("procedure__treated_lesions__lesion__is_deleted"),
        )
        .filter(treated_deleted=False, lesion_deleted=False)
        .exclude(Exists(imaged))
    )


def _rows_query(*, today: Today, actor, where: Q):
    """Visits without a record and CTs without a result, matching ``where``: one ordered query."""
    base = schedule_rows(today=today, actor=actor).filter(where)
    visits = _visits(base).values_list(*_ROW_FIELDS)
    return visits.union(_cts(base).values_list(*_ROW_FIELDS), all=True).order_by(*_ORDER)


def _row(values: tuple) -> WorklistRow:
    pk, study_id, tp, target, lower, upper, state, kind, lesion_pk, lesion_code, _, bucket, _ = values
    return WorklistRow(
        patient_pk=pk,
        study_id=study_id,
        timepoint=tp,
        label=_LABELS[tp],
        target=target,
        window_lower=lower,
        window_upper=upper,
        state=VisitState(state),
        bucket=bucket,
        kind=kind,
        lesion_pk=lesion_pk,
        lesion_id=lesion_code or "",
    )


def worklist(*, today: Today, actor, buckets: tuple[str, ...] = BUCKETS) -> list[WorklistRow]:
    """Every scheduled visit and CT without a record, for patients whose procedure date is known.

    States are those of :func:`ablacem.protocol.windows.visit_state` (day 0 = procedure), the
    same rule as the patient page, the dashboard, the tidy dataset and the analysis: nothing
    is due after the end of study (death, withdrawal, loss); a visit whose target day had come
    before the end is ``missed``, a later one is not listed. A visit counts as recorded once it
    is done or marked not done (imported rows of visits not yet due, status ``not_due``, do
    not). A CT (timepoints that collect imaging: post-procedure and 3 months) is listed per
    treated lesion until its result is recorded. One query.

    Parameters
    ----------
    today : date or dict
        The day, or each site's day (:func:`ablacem.edc.sites.site_days`): a patient's visits are bucketed on
        their site's date.
    actor : Actor
        Who reads: only the patients :meth:`~ablacem.edc.models.base.ClinicalQuerySet.visible_to` them.
    buckets : tuple of str
        Which buckets to return (default all, see :data:`BUCKETS`).

    Returns
    -------
    list of WorklistRow
        Sorted by bucket (as in :data:`BUCKETS`), then target date, study ID, visits before
        CTs, then lesion.
    """
    where = Q(pk__in=[])
    for bucket in buckets:
        where |= BUCKET_FILTERS[bucket]
    return [_row(values) for values in _rows_query(today=today, actor=actor, where=where)]


class _CountedRows:
    """The rows of one bucket for a :class:`~django.core.paginator.Paginator`, with their number
    known already (from :func:`worklist_counts`): the page then runs one query, always."""

    def __init__(self, query, count: int):
        self._query, self._count = query, count

    def count(self) -> int:
        return self._count

    def __getitem__(self, part: slice) -> list[WorklistRow]:
        stop = max(part.stop, part.start + 1)  # an empty bucket still asks once: a fixed query count
        return [_row(values) for values in self._query[part.start : stop]][: part.stop - part.start]


def worklist_page(*, today: Today, actor, bucket: str, page, per_page: int, count: int | None = None) -> Page:
    """One page of one bucket of :func:`worklist`.

    Parameters
    ----------
    today : date or dict
        As for :func:`worklist`.
    actor : Actor
    bucket : str
        One of :data:`BUCKETS`.
    page : int or str
        The page asked for (as ``Paginator.get_page`` takes it: out of range gives the last).
    per_page : int
    count : int, optional
        The bucket's number of rows when known (:func:`worklist_counts`); else counted (one
        more query).

    Returns
    -------
    Page
        Of :class:`WorklistRow`.

    Raises
    ------
    ValueError
        For a bucket not in :data:`BUCKETS`.
    """
    if bucket not in BUCKET_FILTERS:
        raise ValueError(f"bucket: {bucket!r} is not one of {', '.join(BUCKETS)}")
    query = _rows_query(today=today, actor=actor, where=BUCKET_FILTERS[bucket])
    return Paginator(_CountedRows(query, query.count() if count is None else count), per_page).get_page(page)


def worklist_counts(*, today: Today, actor) -> dict[str, int]:
    """Rows of :func:`worklist` per bucket, counted in the database (one query)."""
    base = schedule_rows(today=today, actor=actor)
    counts = {b: Count("pk", filter=where) for b, where in BUCKET_FILTERS.items()}
    visits, cts = _visits(base).aggregate(**counts), _cts(base).aggregate(**counts)
    return {b: visits[b] + cts[b] for b in BUCKETS}
