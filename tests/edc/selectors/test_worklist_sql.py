"""The worklist and completeness computed in SQL equal the Python rule (``visit_state``) on random cohorts.

The reference below is the worklist and completeness as they were computed before the stored
schedule: a loop over every patient and timepoint calling
:func:`ablacem.protocol.windows.visit_state`. Cohorts are synthetic (random procedure dates,
ends of study, visits done, not done or not yet recorded, CTs), then shuffled further: random
ends of study (death with and without a death date, withdrawal, loss), visits marked not done
or deleted, CT results deleted, a procedure date moved through the service.
"""

import datetime as dt
import random
from collections import Counter

import pytest
from django.db import transaction

from ablacem.edc.actors import Actor
from ablacem.edc.models import Assessment, Imaging, Patient, ProcedureLesion, Site
from ablacem.edc.selectors.dashboard import follow_up_completeness
from ablacem.edc.selectors.worklist import BUCKETS, worklist, worklist_counts, worklist_page
from ablacem.edc.services.dataset_import import dataset_import
from ablacem.edc.sites import site_days
from ablacem.protocol import codelists as cl
from ablacem.protocol.timepoints import IMAGING, TIMEPOINTS
from ablacem.protocol.windows import DUE_SOON_DAYS, VisitState, target_date, visit_state, window
from ablacem.synth import generate

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

_TP_ORDER = {tp.code: tp.order for tp in TIMEPOINTS}


def _reference_bucket(state, target, today):
    if state == VisitState.NOT_EXPECTED:
        return None
    if state == VisitState.MISSED:
        return "missed"
    if state == VisitState.OVERDUE:
        return "overdue"
    if target == today:
        return "due_today"
    if today < target <= today + dt.timedelta(days=DUE_SOON_DAYS):
        return "this_week"
    return "upcoming"


def _patients():
    return list(
        Patient.objects.active()
        .filter(procedure__isnull=False, procedure__is_deleted=False)
        .values_list("pk", "study_id", "procedure__procedure_date", "end_reason", "end_date", "death_date", "site_id")
    )


def reference_worklist(days):
    """The former Python worklist: ``[(bucket, target, study_id, timepoint, kind, lesion_id, state)]``."""
    recorded = set(Assessment.objects.active().exclude(status=cl.NOT_DUE).values_list("patient_id", "timepoint"))
    treated = {}
    for patient_pk, lesion_pk, lesion_id in (
        ProcedureLesion.objects.active()
        .filter(lesion__is_deleted=False, session__is_deleted=False)
        .values_list("session__patient_id", "lesion_id", "lesion__lesion_id")
    ):
        treated.setdefault(patient_pk, []).append((lesion_pk, lesion_id))
    imaged = set(Imaging.objects.active().values_list("lesion_id", "timepoint"))
    rows = []
    for pk, study_id, day0, end_reason, end_date, death_date, site in _patients():
        today = days[site]
        for tp in TIMEPOINTS:
            lesions = [les for les in treated.get(pk, []) if (les[0], tp.code) not in imaged]
            if IMAGING not in tp.collects:
                lesions = []
            state = visit_state(day0, tp, today, end_reason=end_reason, end_date=end_date, death_date=death_date)
            target = target_date(day0, tp)
            bucket = _reference_bucket(state, target, today)
            if bucket is None:
                continue
            lower, upper = window(day0, tp)
            common = (bucket, target, study_id, tp.code, lower, upper, state)
            if (pk, tp.code) not in recorded:
                rows.append((*common, "visit", ""))
            rows.extend((*common, "ct", les_id) for _, les_id in lesions)
    order = {b: i for i, b in enumerate(BUCKETS)}
    return sorted(rows, key=lambda r: (order[r[0]], r[1], r[2], _TP_ORDER[r[3]], r[7], r[8]))


def reference_completeness(days):
    """The former Python completeness: ``{timepoint: (expected, done, not_done)}``."""
    status = {
        (pid, tp): st for pid, tp, st in Assessment.objects.active().values_list("patient_id", "timepoint", "status")
    }
    out = {}
    for tp in TIMEPOINTS:
        expected = done = not_done = 0
        for pk, _, day0, end_reason, end_date, death_date, site in _patients():
            st = status.get((pk, tp.code))
            state = visit_state(day0, tp, days[site], end_reason=end_reason, end_date=end_date, death_date=death_date)
            if st in (None, cl.NOT_DUE) and state in (VisitState.NOT_YET_OPEN, VisitState.NOT_EXPECTED):
                continue
            expected += 1
            done += st == cl.DONE
            not_done += st in cl.NOT_DONE
        out[tp.code] = (expected, done, not_done)
    return out


def _as_tuple(r):
    return (r.bucket, r.target, r.study_id, r.timepoint, r.window_lower, r.window_upper, r.state, r.kind, r.lesion_id)


def _shuffle(rng: random.Random) -> None:
    """Random ends of study, visits not done or deleted, CT results deleted."""
    patients = list(Patient.objects.select_related("procedure").filter(procedure__isnull=False))
    for p in rng.sample(patients, k=len(patients) // 2):
        day0 = p.procedure.procedure_date
        end = day0 + dt.timedelta(days=rng.randint(-2, 120))
        reason = rng.choice([cl.END_DIED, cl.END_DIED, cl.END_WITHDREW, cl.END_LOST, cl.END_COMPLETED, ""])
        death = end if reason == cl.END_DIED and rng.random() < 0.7 else None
        Patient.objects.filter(pk=p.pk).update(
            end_reason=reason, end_date=end if reason else None, death_date=death if reason else None
        )
    visits = list(Assessment.objects.active())
    for v in rng.sample(visits, k=len(visits) // 5):
        if rng.random() < 0.5:
            Assessment.objects.filter(pk=v.pk).update(status=rng.choice(sorted(cl.NOT_DONE)))
        else:
            Assessment.objects.filter(pk=v.pk).update(is_deleted=True)
    scans = list(Imaging.objects.active())
    Imaging.objects.filter(pk__in=[s.pk for s in rng.sample(scans, k=len(scans) // 3)]).update(is_deleted=True)


@pytest.fixture(scope="module")
def cohort(django_db_setup, django_db_blocker):
    """Two random cohorts' worth of patients (two sites), imported once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        Site.objects.get_or_create(code="TOR", defaults={"name": "Toronto", "time_zone": "America/Toronto"})
        dataset_import(source=generate(40, 7, sites=2), actor=Actor.system("import"))
        _shuffle(random.Random(13))
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("offset", [-5, 0, 1, 6, 7, 8, 29, 30, 41, 95, 111, 200, 400, 700])
def test_the_sql_worklist_equals_the_python_rule(cohort, offset):
    first = min(d for _, _, d, *_ in _patients())
    today = first + dt.timedelta(days=offset)
    days = {None: today, **dict.fromkeys(Site.objects.values_list("pk", flat=True), today)}
    expected = reference_worklist(days)
    got = [_as_tuple(r) for r in worklist(today=today, actor=Actor.system())]
    assert got == expected
    per_bucket = Counter(r[0] for r in expected)
    assert worklist_counts(today=today, actor=Actor.system()) == {b: per_bucket[b] for b in BUCKETS}
    counted = {
        c["timepoint"]: (c["expected"], c["done"], c["not_done"])
        for c in follow_up_completeness(today=today, actor=Actor.system())
    }
    assert counted == reference_completeness(days)


def test_each_site_gets_its_own_day(cohort):
    first = min(d for _, _, d, *_ in _patients())
    sites = list(Site.objects.order_by("pk").values_list("pk", flat=True))
    assert len(sites) == 2
    rng = random.Random(5)
    for _ in range(6):
        a = first + dt.timedelta(days=rng.randint(0, 500))
        days = {None: a, sites[0]: a, sites[1]: a + dt.timedelta(days=rng.choice([-1, 1]))}
        expected = reference_worklist(days)
        assert [_as_tuple(r) for r in worklist(today=days, actor=Actor.system())] == expected
        counted = {
            c["timepoint"]: (c["expected"], c["done"], c["not_done"])
            for c in follow_up_completeness(today=days, actor=Actor.system())
        }
        assert counted == reference_completeness(days)


def test_a_page_of_a_bucket_is_that_slice_of_the_bucket(cohort):
    first = min(d for _, _, d, *_ in _patients())
    today = first + dt.timedelta(days=300)
    missed = [_as_tuple(r) for r in worklist(today=today, actor=Actor.system(), buckets=("missed",))]
    assert len(missed) > 10
    page = worklist_page(today=today, actor=Actor.system(), bucket="missed", page=2, per_page=4)
    assert page.paginator.count == len(missed)
    assert [_as_tuple(r) for r in page] == missed[4:8]


def test_an_unknown_bucket_is_refused_by_name(cohort):
    with pytest.raises(ValueError, match="bucket: 'soon' is not one of overdue"):
        worklist_page(today=dt.date(2025, 1, 1), actor=Actor.system(), bucket="soon", page=1, per_page=4)


def _a_day_with_a_toronto_visit_due(first):
    """The first day on which a Toronto patient's visit is due today (on one date for all)."""
    for offset in range(400):
        day = first + dt.timedelta(days=offset)
        for r in worklist(today=day, actor=Actor.system(), buckets=("due_today",)):
            if r.study_id.startswith("TOR") and r.kind == "visit":
                return day, (r.study_id, r.timepoint)
    raise AssertionError("no Toronto visit due on any day")


def test_at_an_instant_when_the_sites_dates_differ_each_site_has_its_own_today(cohort):
    # 03:30 UTC: already that day in Paris (UTC+1 or +2), still the evening before in Toronto
    # (UTC-5 or -4): the Toronto visit due on that day is due tomorrow there.
    first = min(d for _, _, d, *_ in _patients())
    paris_day, visit = _a_day_with_a_toronto_visit_due(first)
    instant = dt.datetime.combine(paris_day, dt.time(3, 30), tzinfo=dt.UTC)
    toronto = Site.objects.get(code="TOR")
    home = Site.objects.exclude(pk=toronto.pk).get()
    days = site_days(instant)
    assert days[home.pk] == paris_day and days[toronto.pk] == paris_day - dt.timedelta(days=1)
    rows = worklist(today=days, actor=Actor.system())
    assert [_as_tuple(r) for r in rows] == reference_worklist(days)
    bucket = {(r.study_id, r.timepoint): r.bucket for r in rows if r.kind == "visit"}
    assert bucket[visit] == "this_week"
