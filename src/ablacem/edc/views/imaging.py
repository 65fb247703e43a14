"""CT of one lesion at post-procedure or 3 months."""

from __future__ import annotations

from django.http import Http404

from ablacem.edc.form_kinds import IMAGING
from ablacem.edc.forms.imaging import ImagingForm
from ablacem.edc.models import Lesion
from ablacem.edc.roles import Action
from ablacem.edc.selectors.visit import imaging_at
from ablacem.edc.services.imaging import imaging_record
from ablacem.protocol import IMAGING_TIMEPOINT_CODES, get_timepoint

from ._access import requires
from ._edit import edit_page, entered, patient_url
from ._forms import initial_of, needs_reason, patient_or_404, posted, record_or_404


@requires(Action.VIEW_CLINICAL, Action.EDIT)
def imaging_edit(request, pk: int, lesion_pk: int, timepoint: str):
    """Record or change the CT of a lesion at an imaging timepoint."""
    patient = patient_or_404(request, pk)
    lesion = record_or_404(request, Lesion, pk=lesion_pk, patient=patient)
    if timepoint not in IMAGING_TIMEPOINT_CODES:
        raise Http404("no imaging at this timepoint")
    tp = get_timepoint(timepoint)
    record = imaging_at(lesion, tp.code)
    form = ImagingForm(
        posted(request),
        initial=initial_of(record, ("imaged_on", "local_status"), booleans=("distant_progression",)),
        needs_reason=needs_reason(record),
    )
    return edit_page(
        request,
        form=form,
        save=lambda: imaging_record(lesion=lesion, timepoint=tp.code, **entered(request, form)),
        saved=f"{tp.label} CT of {lesion.lesion_id} saved.",
        title=f"{tp.label} CT, lesion {lesion.lesion_id}",
        patient=patient,
        query_target=(IMAGING, record),
        current_url=patient_url(patient),
    )
