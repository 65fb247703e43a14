"""Source data verification: the monitor's page (progress, forms to verify) and one form's fields."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from ablacem.edc.actors import actor_from_request
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.queries import field_label
from ablacem.edc.selectors.verification import record_cleared, record_verifications, sdv_items, sdv_progress
from ablacem.edc.services.errors import RecordLockedError
from ablacem.edc.services.verification import source_verify

from ._access import check, requires
from ._forms import patient_or_404
from ._render import form_page
from .queries import _record_or_404


@requires(Action.VIEW_CLINICAL)
@require_safe
def sdv_overview(request):
    """SDV progress per patient and per form, and the forms still to verify (those whose
    verification a later change cleared first)."""
    items = sdv_items(actor=actor_from_request(request))
    to_verify = sorted((i for i in items if not i.verified), key=lambda i: not i.cleared)
    return form_page(
        request,
        "edc/sdv_overview.html",
        progress=sdv_progress(items),
        to_verify=to_verify,
        nav="sdv",
    )


@requires(Action.VIEW_CLINICAL)
def sdv_record(request, pk: int, kind: str, record_pk: int):
    """One form's values with what is verified; a monitor verifies the form or single fields."""
    patient = patient_or_404(request, pk)
    kind, record = _record_or_404(patient, kind, record_pk)
    actor = actor_from_request(request)
    if request.method == "POST":
        check(actor, Action.VERIFY_SOURCE, patient)
        field_name = request.POST.get("field_name", "")
        try:
            source_verify(kind=kind, record=record, field_name=field_name, actor=actor)
        except (ValidationError, RecordLockedError) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, f"Not verified: {text}")
        else:
            what = field_label(kind.code, field_name) if field_name else "the whole form"
            messages.success(request, f"Verified: {what}.")
        return redirect("edc:sdv_record", patient.pk, kind.code, record.pk)
    marks = record_verifications(kind=kind, record_pk=record.pk)
    fields = [
        {"name": f, "label": field_label(kind.code, f), "value": getattr(record, f), "mark": marks.get(f)}
        for f in kind.fields
    ]
    return form_page(
        request,
        "edc/sdv_record.html",
        title=f"Source data verification · {kind.record_label(record)}",
        patient=patient,
        kind=kind,
        record=record,
        record_url=kind.url(record),
        whole=marks.get(""),
        fields=fields,
        cleared=record_cleared(kind=kind, record_pk=record.pk),
        may_verify=can(actor, Action.VERIFY_SOURCE, patient),
        nav="sdv",
    )
