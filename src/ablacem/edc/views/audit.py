"""A patient's audit trail (who, when, record, field, old, new, reason) and its CSV download."""

from __future__ import annotations

import logging

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from ablacem.edc.actors import actor_from_request
from ablacem.edc.models import AuditEventKind
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.audit import audit_trail_csv, patient_audit_trail
from ablacem.edc.services.audit_events import audit_event_record

from ._access import requires
from ._files import stamped
from ._forms import patient_or_404
from ._render import form_page

log = logging.getLogger(__name__)


@requires(Action.VIEW_AUDIT)
@require_safe
def audit_trail(request, pk: int):
    """Every change to every record of the patient, newest first; identifying data only for roles allowed."""
    patient = patient_or_404(request, pk)
    rows = patient_audit_trail(
        patient=patient, include_identifiers=can(actor_from_request(request), Action.VIEW_IDENTIFIERS)
    )
    return form_page(request, "edc/audit.html", patient=patient, rows=list(reversed(rows)))


@requires(Action.VIEW_AUDIT)
@require_safe
def audit_csv(request, pk: int):
    """The audit trail as a CSV file (times in UTC)."""
    patient = patient_or_404(request, pk)
    identified = can(actor_from_request(request), Action.VIEW_IDENTIFIERS)
    rows = patient_audit_trail(patient=patient, include_identifiers=identified)
    response = HttpResponse(audit_trail_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stamped(f"audit-{patient.study_id}", ".csv")}"'
    response["Cache-Control"] = "no-store"
    log.info("audit trail of patient #%s downloaded by user %s", patient.pk, request.user.pk)
    audit_event_record(
        actor=actor_from_request(request),
        kind=AuditEventKind.EXPORT,
        detail=f"audit trail CSV of patient #{patient.pk}",
        identified=identified,
    )
    return response
