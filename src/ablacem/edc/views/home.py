"""The start page: the dashboard for clinical roles, the exports page for the statistician."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_safe

from ablacem.edc.models import Patient
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.dashboard import follow_up_completeness
from ablacem.edc.selectors.problems import open_problems
from ablacem.edc.selectors.worklist import worklist
from ablacem.protocol.study import TARGET_ENROLMENT

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
    if can(request.user, Action.VIEW_CLINICAL):
        return redirect("edc:dashboard")
    if can(request.user, Action.BUILD_REPORT) or can(request.user, Action.EXPORT_DEIDENTIFIED):
        return redirect("edc:exports")
    raise PermissionDenied("Your account has no study role yet; ask the study's data manager.")


@requires(Action.VIEW_CLINICAL)
@require_safe
def dashboard(request):
    """Enrolment against the target, procedures done, follow-up completeness, open problems, worklist.

    Composed from the selectors directly (rather than ``dashboard_counts``) so that the tidy
    dataset behind the open problems and the worklist are each built once per page.
    """
    today = timezone.localdate()
    rows = worklist(today=today)
    problems = open_problems()
    patients = Patient.objects.active()
    counts = {
        "enrolled": patients.count(),
        "target": TARGET_ENROLMENT,
        "procedures_done": patients.filter(procedure__isnull=False, procedure__is_deleted=False).count(),
        "ended": patients.exclude(end_reason="").count(),
        "completeness": follow_up_completeness(today=today),
        "open_problems": sum(len(messages) for messages in problems.values()),
        "patients_with_problems": len(problems),
    }
    sections = [(code, title, [r for r in rows if r.bucket == code]) for code, title in WORKLIST_SECTIONS]
    pks = dict(patients.filter(study_id__in=list(problems)).values_list("study_id", "pk"))
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
    )
