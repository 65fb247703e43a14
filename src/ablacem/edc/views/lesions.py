"""Target lesions: add and change, with the SINS / Mirels totals computed by the service."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from ablacem.edc.actors import actor_from_request
from ablacem.edc.forms._fields import bool_initial
from ablacem.edc.forms.lesion import MIRELS_FIELDS, SINS_FIELDS, LesionForm
from ablacem.edc.models import Lesion
from ablacem.edc.roles import Action
from ablacem.edc.services.lesion import lesion_create, lesion_update

from ._access import requires
from ._forms import needs_reason, patient_or_404, posted, run_service
from ._render import form_page

GROUPS = (
    ("Lesion", ("site", "lesion_type", "size_mm", "pathologic_fracture", "prior_radiotherapy")),
    ("SINS components (spinal lesions; Fisher et al., Spine 2010)", SINS_FIELDS),
    ("Mirels components (extraspinal long-bone lesions; Mirels 1989)", MIRELS_FIELDS),
    ("Score components that contradict the lesion", ("confirm_scores",)),
)


@requires(Action.EDIT)
def lesion_new(request, pk: int):
    """Add a target lesion to a patient (its ID is assigned on saving)."""
    patient = patient_or_404(pk)
    form = LesionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        lesion = run_service(
            form,
            lambda: lesion_create(
                patient=patient,
                actor=actor_from_request(request),
                confirmed=form.confirmed(),
                **form.data_for_service(),
            ),
        )
        if lesion is not None:
            messages.success(request, f"Lesion {lesion.lesion_id} saved.")
            return redirect("edc:patient_detail", patient.pk)
    return form_page(
        request,
        "edc/lesion_form.html",
        title="Add a lesion",
        form=form,
        patient=patient,
        groups=GROUPS,
        cancel_url=reverse("edc:patient_detail", args=[patient.pk]),
    )


@requires(Action.VIEW_CLINICAL, Action.EDIT)
def lesion_edit(request, pk: int, lesion_pk: int):
    """Change a lesion; the page shows the SINS / Mirels totals as computed."""
    patient = patient_or_404(pk)
    lesion = get_object_or_404(Lesion.objects.active(), pk=lesion_pk, patient=patient)
    initial = {f: getattr(lesion, f) for f in LesionForm.DATA_FIELDS}
    for f in ("pathologic_fracture", "prior_radiotherapy"):
        initial[f] = bool_initial(initial[f])
    initial["version"] = lesion.version
    form = LesionForm(posted(request), initial=initial, needs_reason=needs_reason(lesion))
    if request.method == "POST" and form.is_valid():
        done = run_service(
            form,
            lambda: lesion_update(
                lesion=lesion,
                actor=actor_from_request(request),
                confirmed=form.confirmed(),
                **form.change_control(),
                **form.data_for_service(),
            ),
        )
        if done is not None:
            messages.success(request, f"Lesion {lesion.lesion_id} saved.")
            return redirect("edc:patient_detail", patient.pk)
    return form_page(
        request,
        "edc/lesion_form.html",
        title=f"Lesion {lesion.lesion_id}",
        form=form,
        patient=patient,
        lesion=lesion,
        groups=GROUPS,
        cancel_url=reverse("edc:patient_detail", args=[patient.pk]),
        current_url=reverse("edc:lesion_edit", args=[patient.pk, lesion.pk]),
    )
