"""Delete a lesion or an adverse event entered in error (soft delete: flagged, kept, audited)."""

from __future__ import annotations

from django.http import Http404

from ablacem.edc.actors import actor_from_request
from ablacem.edc.forms.deletion import DeleteForm
from ablacem.edc.models import AdverseEvent, Lesion
from ablacem.edc.roles import Action
from ablacem.edc.services.deletion import record_soft_delete

from ._access import requires
from ._edit import edit_page, patient_url
from ._forms import patient_or_404, posted, record_or_404

#: URL kind -> (model, how the page names it, what else goes with it).
KINDS = {
    "lesion": (Lesion, "lesion", "Its treatment in the procedure and its imaging are deleted with it."),
    "adverse-event": (AdverseEvent, "adverse event", ""),
}


def _record(request, patient, kind: str, record_pk: int):
    if kind not in KINDS:
        raise Http404("no such kind of record")
    return record_or_404(request, KINDS[kind][0], pk=record_pk, patient=patient)


@requires(Action.EDIT)
def record_delete(request, pk: int, kind: str, record_pk: int):
    """Ask why, then flag the record deleted; it stays in the database and the audit trail."""
    patient = patient_or_404(request, pk)
    record = _record(request, patient, kind, record_pk)
    _, noun, consequence = KINDS[kind]
    form = DeleteForm(posted(request), initial={"version": record.version})
    return edit_page(
        request,
        form=form,
        save=lambda: record_soft_delete(
            record=record,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
            actor=actor_from_request(request),
        ),
        saved=f"The {noun} {record} was deleted; it stays in the audit trail.",
        title=f"Delete the {noun} {record}",
        patient=patient,
        intro=f"Only for a record entered in error. {consequence}".strip(),
        submit_label="Delete",
        current_url=patient_url(patient),
    )
