"""The start page: the dashboard for clinical roles, the exports page for the statistician."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_safe

from ablacem.edc.actors import actor_from_request
from ablacem.edc.models import Patient
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.dashboard import dashboard_counts
from ablacem.edc.selectors.patient import patient_keys
from ablacem.edc.selectors.problems import open_problems
from ablacem.edc.selectors.queries import query_counts, query_summary
from ablacem.edc.selectors.safety import unacknowledged_saes
from ablacem.edc.selectors.site_enrolment import enrolment_by_site
from ablacem.edc.selectors.worklist import worklist

from ._access import requires
from ._render import form_page

#: Worklist buckets shown on the dashboard, with their headings (upcoming visits are left out).
WORKLIST_SECTIONS = (
    ("overdue", "Overdue (past the target date, window still open)"),
    ("due_today", "Due today"),
    ("this_week", "Due this week"),
    ("missed", "Missed (window closed): record it or mark it not done"),
)


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

    The worklist and the open problems (built from the tidy dataset) are computed once and
    handed to ``dashboard_counts``, which would otherwise compute them again.
    """
    today = timezone.localdate()
    rows = worklist(today=today, actor=actor_from_request(request))
    problems = open_problems(actor=actor_from_request(request))
    counts = dashboard_counts(today=today, actor=actor_from_request(request), worklist_rows=rows, problems=problems)
    sections = [(code, title, [r for r in rows if r.bucket == code]) for code, title in WORKLIST_SECTIONS]
    pks = patient_keys(problems, actor=actor_from_request(request))
    problem_rows = [(study_id, pks.get(study_id), messages) for study_id, messages in sorted(problems.items())]
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
    """``[(study_id, patient key, counts)]`` of the patients with queries not closed (oldest first)."""
    counts = query_counts(actor=actor_from_request(request), today=today)
    names = dict(Patient.objects.filter(pk__in=counts).values_list("pk", "study_id"))
    rows = [(names[pk], pk, c) for pk, c in counts.items() if pk in names]
    return sorted(rows, key=lambda r: (-r[2]["oldest_days"], r[0]))
