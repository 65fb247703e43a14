"""The start page: the dashboard for clinical roles, the exports page for the statistician."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_safe

from ablacem.edc.actors import actor_from_request
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.dashboard import dashboard_counts
from ablacem.edc.selectors.problems import problem_patients_page
from ablacem.edc.selectors.queries import oldest_query_patients, query_summary
from ablacem.edc.selectors.safety import unacknowledged_saes
from ablacem.edc.selectors.site_enrolment import enrolment_by_site
from ablacem.edc.selectors.worklist import worklist_page
from ablacem.edc.sites import site_days

from ._access import requires
from ._render import form_page

#: Worklist buckets shown on the dashboard, with their headings (upcoming visits are left out).
WORKLIST_SECTIONS = (
    ("overdue", "Overdue (past the target date, window still open)"),
    ("due_today", "Due today"),
    ("this_week", "Due this week"),
    ("missed", "Missed (window closed): record it or mark it not done"),
)
#: Worklist rows per bucket and page of the dashboard.
WORKLIST_PAGE_SIZE = 25
#: Patients with open problems per page of the dashboard.
PROBLEM_PATIENTS_PAGE_SIZE = 20
#: Patients with the oldest queries the dashboard lists.
QUERY_PATIENTS = 20


def home(request):
    """Where a user lands after logging in."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if can(actor_from_request(request), Action.VIEW_CLINICAL):
        return redirect("edc:dashboard")
    if can(actor_from_request(request), Action.BUILD_REPORT) or can(
        actor_from_request(request), Action.EXPORT_DEIDENTIFIED
    ):
        return redirect("edc:exports")
    raise PermissionDenied("Your account has no study role yet; ask the study's data manager.")


@requires(Action.VIEW_CLINICAL)
@require_safe
def dashboard(request):
    """Enrolment against the target, procedures done, follow-up completeness, open problems, worklist.

    The worklist's "today" is each patient's site's date (:func:`site_days`); its buckets are
    counted and paged in the database over the stored visit schedule, each bucket
    :data:`WORKLIST_PAGE_SIZE` rows a page (``?<bucket>_page=``), the patients with open
    problems :data:`PROBLEM_PATIENTS_PAGE_SIZE` a page (``?problems_page=``), read from the
    stored problems: the page runs a fixed number of queries, and its work does not grow with
    the number of patients beyond the database's own filtering.
    """
    today = timezone.localdate()
    actor = actor_from_request(request)
    days = site_days()
    counts = dashboard_counts(today=today, actor=actor, worklist_today=days)
    sections = [
        (
            code,
            title,
            worklist_page(
                today=days,
                actor=actor,
                bucket=code,
                page=request.GET.get(f"{code}_page"),
                per_page=WORKLIST_PAGE_SIZE,
                count=counts["worklist"][code],
            ),
        )
        for code, title in WORKLIST_SECTIONS
    ]
    problem_rows = problem_patients_page(
        as_of=today, actor=actor, page=request.GET.get("problems_page", 1), per_page=PROBLEM_PATIENTS_PAGE_SIZE
    )
    enrolled_pct = round(100 * counts["enrolled"] / counts["target"]) if counts["target"] else None
    return form_page(
        request,
        "edc/dashboard.html",
        nav="dashboard",
        today=today,
        counts=counts,
        enrolled_pct=enrolled_pct,
        sections=sections,
        problem_rows=problem_rows,
        sae_alerts=_sae_alerts(actor_from_request(request)),
        site_enrolment=enrolment_by_site(actor=actor_from_request(request)),
        queries=query_summary(actor=actor_from_request(request), today=today),
        query_patients=_query_patients(request, today),
    )


def _sae_alerts(actor) -> list:
    """The banner's serious adverse events, for the roles that see it (investigators, data managers)."""
    return unacknowledged_saes(actor=actor) if can(actor, Action.SEE_SAE_ALERTS) else []


def _query_patients(request, today) -> list[tuple[str, int, dict]]:
    """``[(study_id, patient key, counts)]`` of the :data:`QUERY_PATIENTS` patients whose oldest
    query not closed is oldest (the query list has them all)."""
    return oldest_query_patients(actor=actor_from_request(request), today=today, limit=QUERY_PATIENTS)
