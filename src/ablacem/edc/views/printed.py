"""Printed documents: a patient's PDF casebook (patient page) and the blank annotated CRF (exports page)."""

from __future__ import annotations

import io
import logging

from django.utils import timezone
from django.views.decorators.http import require_safe

from ablacem.edc.actors import actor_from_request
from ablacem.edc.roles import Action
from ablacem.edc.selectors.casebook_print import casebook
from ablacem.edc.site_time import site_time
from ablacem.interop.pdf import blank_crf_pdf, casebook_pdf

from ._access import check, requires, requires_any
from ._files import download, stamped
from ._forms import patient_or_404

log = logging.getLogger(__name__)
PDF = "application/pdf"


@requires(Action.PRINT_CASEBOOK)
@require_safe
def casebook_download(request, pk: int):
    """The patient's casebook as PDF; ``?with=identifiers`` adds the identifying data (allowed roles only).

    The file is named by date only: the study ID is inside, not in the name or the address.
    """
    actor = actor_from_request(request)
    with_identifiers = request.GET.get("with") == "identifiers"
    if with_identifiers:
        check(actor, Action.VIEW_IDENTIFIERS)
    patient = patient_or_404(request, pk)
    pdf = casebook_pdf(casebook(patient=patient, actor=actor, with_identifiers=with_identifiers))
    log.info(
        "casebook printed (%s) by user %s", "identified" if with_identifiers else "no identifiers", request.user.pk
    )
    return download(io.BytesIO(pdf), stamped("casebook", ".pdf"), PDF)


@requires_any(Action.BUILD_REPORT, Action.EXPORT_DEIDENTIFIED, Action.EXPORT_IDENTIFIED, Action.PRINT_CASEBOOK)
@require_safe
def crf_download(request):
    """The blank annotated CRF (no patient data)."""
    pdf = blank_crf_pdf(printed_at=f"{site_time(timezone.now())} ({timezone.get_current_timezone_name()})")
    return download(io.BytesIO(pdf), stamped("blank-crf", ".pdf"), PDF)
