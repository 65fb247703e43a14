"""Delete a lesion or an adverse event entered in error (soft delete: flagged, kept, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from ablacem.edc.actors import actor_from_request
from ablacem.edc.forms.deletion import DeleteForm
from ablacem.edc.models import AdverseEvent, Lesion
from ablacem.edc.roles import Action
from ablacem.edc.services.deletion import record_soft_delete

from ._access import requires
from ._forms import patient_or_404, posted, run_service
from ._render import form_page

#: URL kind -> (model, how the page names it, what else goes with it).
KINDS = {
    "lesion": (Lesion, "lesion", "Its treatment in the procedure and its imaging are deleted with it."),
    "adverse-event": (AdverseEvent, "adverse event", ""),
}


def _record(patient, kind: str, record_pk: int):
    if kind not in KINDS:
        raise Http404("no such kind of record")
    model = KINDS[kind][0]
    return get_object_or_404(model.objects.active(), pk=record_pk, patient=patient)


@requires(Action.EDIT)
def record_delete(request, pk: int, kind: str, record_pk: int):
    """Ask why, then flag the record deleted; it stays in the database and the audit trail."""
    patient = patient_or_404(pk)
    record = _record(patient, kind, record_pk)
    _, noun, consequence = KINDS[kind]
    form = DeleteForm(posted(request), initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            form,
            lambda: record_soft_delete(
                record=record,
                reason=data["reason"],
                expected_version=data["version"],
                actor=actor_from_request(request),
            ),
        )
        if done is not None:
            messages.success(request, f"The {noun} {record} was deleted; it stays in the audit trail.")
            return redirect("edc:patient_detail", patient.pk)
    return form_page(
        request,
        title=f"Delete the {noun} {record}",
        form=form,
        patient=patient,
        intro=f"Only for a record entered in error. {consequence}".strip(),
        submit_label="Delete",
        cancel_url=reverse("edc:patient_detail", args=[patient.pk]),
        current_url=reverse("edc:patient_detail", args=[patient.pk]),
    )
