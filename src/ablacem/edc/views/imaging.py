"""CT of one lesion at post-procedure or 3 months."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from ablacem.edc import checks
from ablacem.edc.actors import actor_from_request
from ablacem.edc.forms._fields import bool_initial
from ablacem.edc.forms.imaging import ImagingForm
from ablacem.edc.models import Imaging, Lesion
from ablacem.edc.models.lookups import procedure_date_of
from ablacem.edc.roles import Action
from ablacem.edc.services.imaging import imaging_record
from ablacem.protocol import IMAGING_TIMEPOINT_CODES, get_timepoint

from ._access import requires
from ._forms import needs_reason, patient_or_404, posted, run_service
from ._render import form_page


@requires(Action.VIEW_CLINICAL, Action.EDIT)
def imaging_edit(request, pk: int, lesion_pk: int, timepoint: str):
    """Record or change the CT of a lesion at an imaging timepoint."""
    patient = patient_or_404(pk)
    lesion = get_object_or_404(Lesion.objects.active(), pk=lesion_pk, patient=patient)
    if timepoint not in IMAGING_TIMEPOINT_CODES:
        raise Http404("no imaging at this timepoint")
    tp = get_timepoint(timepoint)
    record = Imaging.objects.active().filter(lesion=lesion, timepoint=timepoint).first()
    initial = {"version": record.version if record else None}
    if record:
        initial.update(
            imaged_on=record.imaged_on,
            local_status=record.local_status,
            distant_progression=bool_initial(record.distant_progression),
        )
    day0 = procedure_date_of(patient)
    form = ImagingForm(
        posted(request),
        initial=initial,
        needs_reason=needs_reason(record),
        edit_check=lambda d: checks.check_imaging(
            {**d, "timepoint": timepoint},
            procedure_date=day0,
            death_date=patient.death_date,
            today=timezone.localdate(),
        ),
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: imaging_record(
                lesion=lesion,
                timepoint=timepoint,
                actor=actor_from_request(request),
                **form.change_control(),
                **form.data_for_service(),
            ),
        )
        if saved is not None:
            messages.success(request, f"{tp.label} CT of {lesion.lesion_id} saved.")
            return redirect("edc:patient_detail", patient.pk)
    return form_page(
        request,
        title=f"{tp.label} CT, lesion {lesion.lesion_id}",
        form=form,
        patient=patient,
        cancel_url=reverse("edc:patient_detail", args=[patient.pk]),
        current_url=reverse("edc:patient_detail", args=[patient.pk]),
    )
