"""Exports: the tidy dataset and the interoperability formats, and the page that offers them
with the study report (built in the background: :mod:`.exports_report`).

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
from ablacem.edc.selectors.report_builds import latest_report_build
from ablacem.edc.services import audit_event_record

from ._access import check, requires_any
from ._files import download, stamped, write_problems, zip_folder
from ._render import form_page
from .exports_interop import interop_formats

log = logging.getLogger(__name__)
ZIP = "application/zip"


@requires_any(Action.BUILD_REPORT, Action.EXPORT_DEIDENTIFIED, Action.EXPORT_IDENTIFIED)
@require_safe
def exports(request):
    """What this role may download (and the user's latest report build)."""
    actor = actor_from_request(request)
    can_report = can(actor, Action.BUILD_REPORT)
    return form_page(
        request,
        "edc/exports.html",
        nav="exports",
        can_report=can_report,
        report_build=latest_report_build(actor) if can_report else None,
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
