"""Exports: the tidy dataset, the study report and the interoperability formats.

Every file is built in a temporary folder from :func:`ablacem.edc.selectors.tidy_dataset` and
streamed; nothing about patients goes into the address or the logs. Statisticians only get
de-identified data.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.views.decorators.http import require_POST, require_safe

from ablacem.dataset import write_dataset
from ablacem.edc.actors import actor_from_request
from ablacem.edc.models import AuditEventKind
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors import deidentified_tidy_dataset, export_problems, tidy_dataset
from ablacem.edc.services import audit_event_record

from ._access import check, requires, requires_any
from ._files import copy_to_temp, download, stamped, write_problems, zip_folder
from ._render import form_page
from .exports_interop import interop_formats

log = logging.getLogger(__name__)
ZIP = "application/zip"


@requires_any(Action.BUILD_REPORT, Action.EXPORT_DEIDENTIFIED, Action.EXPORT_IDENTIFIED)
@require_safe
def exports(request):
    """What this role may download."""
    return form_page(
        request,
        "edc/exports.html",
        nav="exports",
        can_report=can(actor_from_request(request), Action.BUILD_REPORT),
        can_deidentified=can(actor_from_request(request), Action.EXPORT_DEIDENTIFIED),
        can_identified=can(actor_from_request(request), Action.EXPORT_IDENTIFIED),
        interop_formats=interop_formats(),
    )


@requires_any(Action.EXPORT_DEIDENTIFIED, Action.EXPORT_IDENTIFIED)
@require_POST
def dataset_zip(request):
    """The tidy dataset as a zip of CSV files (+ ``dictionary.csv``); identified only for roles allowed."""
    identified = request.POST.get("identified") == "1"
    actor = actor_from_request(request)
    check(actor, Action.EXPORT_IDENTIFIED if identified else Action.EXPORT_DEIDENTIFIED)
    if identified:
        dataset = tidy_dataset(
            include_identifiers=True, validate_schema=False, actor=actor, action=Action.EXPORT_IDENTIFIED
        )
    else:
        dataset = deidentified_tidy_dataset(validate_schema=False, actor=actor)
    problems = export_problems(dataset, name_patients=identified)
    with tempfile.TemporaryDirectory(prefix="ablacem-dataset-") as tmp:
        folder = write_dataset(dataset, Path(tmp) / "dataset", include_identifiers=identified, allow_problems=True)
        write_problems(folder, problems)
        handle = zip_folder(folder)
    log.info("tidy dataset exported (%s) by user %s", "identified" if identified else "de-identified", request.user.pk)
    audit_event_record(
        actor=actor,
        kind=AuditEventKind.EXPORT,
        detail=f"tidy dataset zip ({len(dataset.patients)} patients)",
        identified=identified,
    )
    name = "dataset-identified" if identified else "dataset"
    return download(handle, stamped(name, ".zip"), ZIP)


@requires(Action.BUILD_REPORT)
@require_POST
def report_download(request):
    """Build the study report now and stream ``report.html`` (``part=html``) or a zip of the
    Word, Excel, JSON and figure files (``part=files``)."""
    # Imported here: the analysis (matplotlib, statsmodels) loads when a report is asked for, not
    # with every page.
    from ablacem.analysis.report import build_report

    part = request.POST.get("part", "html")
    dataset = tidy_dataset(include_identifiers=False, actor=actor_from_request(request), action=Action.BUILD_REPORT)
    with tempfile.TemporaryDirectory(prefix="ablacem-report-") as tmp:
        out = Path(tmp) / "report"
        # One process: a web worker holding database connections must not fork figure workers.
        outputs = build_report(dataset, out, progress=False, workers=1)
        if part == "files":
            handle = zip_folder(out, exclude=(Path(outputs.html).name,))
            response = download(handle, stamped("report-files", ".zip"), ZIP)
        else:
            handle = copy_to_temp(Path(outputs.html))
            response = download(handle, stamped("report", ".html"), "text/html; charset=utf-8")
    log.info("study report built (%s) by user %s", part, request.user.pk)
    audit_event_record(
        actor=actor_from_request(request),
        kind=AuditEventKind.EXPORT,
        detail=f"study report ({'Word, Excel, JSON and figures' if part == 'files' else 'HTML'})",
        identified=False,
    )
    return response
