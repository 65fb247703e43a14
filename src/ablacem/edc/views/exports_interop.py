"""Interoperability exports (CSV, SPSS, Stata, CDISC ODM, REDCap, FHIR R4) from the web.

Calls :func:`ablacem.interop.export_dataset`. Statisticians (and any role without
``export_identified``) get only de-identified files: pseudonymised IDs (keyed hash), dates
relative to the procedure or shifted per patient, identifiers and free text removed.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.http import Http404
from django.views.decorators.http import require_POST

from ablacem.edc.actors import actor_from_request
from ablacem.edc.models import AuditEventKind
from ablacem.edc.roles import Action
from ablacem.edc.selectors import export_problems, patient_date_shifts, pseudonym_key, tidy_dataset
from ablacem.edc.services import audit_event_record

from ._access import check, requires_any
from ._files import download, stamped, write_problems, zip_folder

log = logging.getLogger(__name__)

FORMAT_LABELS = {
    "csv": "CSV files with a codebook",
    "spss": "SPSS (.sav)",
    "stata": "Stata (.dta)",
    "odm": "CDISC ODM (XML)",
    "redcap": "REDCap (records, data dictionary, events)",
    "fhir": "FHIR R4 (a transaction Bundle per patient, JSON; de-identified dates shifted per patient)",
}
DATE_MODES = {"relative": "Days from the procedure", "shift": "Dates shifted per patient"}


def interop_formats() -> list[tuple[str, str]]:
    """``[(format, label)]`` of every interop export, in :data:`ablacem.interop.EXPORT_FORMATS` order."""
    from ablacem.interop import EXPORT_FORMATS

    return [(fmt, FORMAT_LABELS.get(fmt, fmt)) for fmt in EXPORT_FORMATS]


@requires_any(Action.EXPORT_DEIDENTIFIED, Action.EXPORT_IDENTIFIED)
@require_POST
def interop_download(request):
    """Build one interop format (POST ``fmt``, ``identified``, ``date_mode``) and stream it as a zip."""
    fmt = request.POST.get("fmt", "")
    if fmt not in dict(interop_formats()):
        raise Http404("unknown export format")
    identified = request.POST.get("identified") == "1"
    actor = actor_from_request(request)
    action = Action.EXPORT_IDENTIFIED if identified else Action.EXPORT_DEIDENTIFIED
    check(actor, action)
    date_mode = request.POST.get("date_mode", "relative")
    if date_mode not in DATE_MODES:
        date_mode = "relative"
    if fmt == "fhir":
        date_mode = "shift"  # FHIR dates are dates: the export always shifts them (export_dataset)

    from ablacem.interop import export_dataset

    dataset = tidy_dataset(include_identifiers=identified, validate_schema=False, actor=actor, action=action)
    problems = export_problems(dataset, name_patients=identified)
    with tempfile.TemporaryDirectory(prefix="ablacem-interop-") as tmp:
        out = Path(tmp) / fmt
        if identified:
            export_dataset(dataset, fmt, out)
        else:
            shifts = patient_date_shifts() if date_mode == "shift" else None
            export_dataset(dataset, fmt, out, deidentify=True, key=pseudonym_key(), date_mode=date_mode, shifts=shifts)
        write_problems(out, problems)
        handle = zip_folder(out)
    log.info("%s export (%s) by user %s", fmt, "identified" if identified else "de-identified", request.user.pk)
    audit_event_record(
        actor=actor,
        kind=AuditEventKind.EXPORT,
        detail=f"{FORMAT_LABELS.get(fmt, fmt)} ({len(dataset.patients)} patients"
        + ("" if identified else f", dates: {DATE_MODES[date_mode].lower()}")
        + ")",
        identified=identified,
    )
    suffix = "identified" if identified else "deidentified"
    return download(handle, stamped(f"{fmt}-{suffix}", ".zip"), "application/zip")
