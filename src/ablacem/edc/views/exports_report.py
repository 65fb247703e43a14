"""The study report from the web (issue 13): built in the background, its progress polled, then
downloaded.

Start queues a build (or shows the user's running one), the build's page shows its progress
(a script polls ``status.json``; without scripts the page reloads itself), and once done offers
the two downloads, each audited as an export. Addresses carry the build's number only.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST, require_safe

from ablacem.edc.actors import actor_from_request
from ablacem.edc.roles import Action
from ablacem.edc.selectors.report_builds import report_build_progress, user_report_builds
from ablacem.edc.services.report_build import report_build_download, report_build_start

from ._access import requires
from ._files import download, stamped
from ._render import form_page

#: Seconds between two looks at an unfinished build (the script's poll and the page's refresh).
POLL_SECONDS = 2
_TYPES = {"html": "text/html; charset=utf-8", "files": "application/zip"}
_NAMES = {"html": ("report", ".html"), "files": ("report-files", ".zip")}


def _build_or_404(request, pk: int):
    return get_object_or_404(user_report_builds(actor_from_request(request)), pk=pk)


@requires(Action.BUILD_REPORT)
@require_POST
def report_start(request):
    """Queue a build of the study report (or show the one this user has running) and go to its page."""
    build, queued = report_build_start(actor=actor_from_request(request))
    if not queued:
        messages.info(request, "Your report is still being built: here is its progress.")
    return redirect("edc:report_build", build.pk)


@requires(Action.BUILD_REPORT)
@require_safe
def report_build(request, pk: int):
    """A build's page: its progress while it runs, its downloads once done, why it failed."""
    build = _build_or_404(request, pk)
    return form_page(
        request,
        "edc/report_build.html",
        nav="exports",
        build=build,
        progress=report_build_progress(build),
        poll_seconds=POLL_SECONDS,
    )


@requires(Action.BUILD_REPORT)
@require_safe
def report_build_status(request, pk: int):
    """A build's progress as JSON, for the page's script."""
    return JsonResponse(report_build_progress(_build_or_404(request, pk)))


@requires(Action.BUILD_REPORT)
@require_POST
def report_download(request, pk: int):
    """Stream a finished build's ``report.html`` (``part=html``) or zip of its other files (``part=files``)."""
    build = _build_or_404(request, pk)
    part = request.POST.get("part", "html")
    if part not in _TYPES:
        raise Http404("part: choose html or files")
    try:
        path = report_build_download(actor=actor_from_request(request), build=build, part=part)
    except FileNotFoundError:
        messages.error(request, "This report's files are gone (a newer build replaced them, or it is not built yet).")
        return redirect("edc:report_build", build.pk)
    return download(path.open("rb"), stamped(*_NAMES[part]), _TYPES[part])
