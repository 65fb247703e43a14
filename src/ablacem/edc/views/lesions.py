"""Target lesions: add and change, with the SINS / Mirels totals computed by the service."""

from __future__ import annotations

from django.urls import reverse

from ablacem.edc.actors import actor_from_request
from ablacem.edc.form_kinds import LESION
from ablacem.edc.forms.lesion import MIRELS_FIELDS, SINS_FIELDS, LesionForm
from ablacem.edc.models import Lesion
from ablacem.edc.roles import Action
from ablacem.edc.services.lesion import lesion_create, lesion_update

from ._access import requires
from ._edit import edit_page, entered
from ._forms import initial_of, needs_reason, patient_or_404, posted, record_or_404

GROUPS = (
    ("Lesion", ("site", "lesion_type", "size_mm", "pathologic_fracture", "prior_radiotherapy")),
    ("SINS components (spinal lesions; Fisher et al., Spine 2010)", SINS_FIELDS),
    ("Mirels components (extraspinal long-bone lesions; Mirels 1989)", MIRELS_FIELDS),
    ("Score components that contradict the lesion", ("confirm_scores",)),
)
#: Lesion fields drawn as yes/no choices.
YES_NO_FIELDS = ("pathologic_fracture", "prior_radiotherapy")


@requires(Action.EDIT)
def lesion_new(request, pk: int):
    """Add a target lesion to a patient (its ID is assigned on saving)."""
    patient = patient_or_404(request, pk)
    form = LesionForm(posted(request))
    return edit_page(
        request,
        form=form,
        save=lambda: lesion_create(
            patient=patient,
            actor=actor_from_request(request),
            confirmed=form.confirmed(),
            **form.data_for_service(),
        ),
        saved=lambda lesion: f"Lesion {lesion.lesion_id} saved.",
        template="edc/lesion_form.html",
        title="Add a lesion",
        patient=patient,
        groups=GROUPS,
    )


@requires(Action.VIEW_CLINICAL, Action.EDIT)
def lesion_edit(request, pk: int, lesion_pk: int):
    """Change a lesion; the page shows the SINS / Mirels totals as computed."""
    patient = patient_or_404(request, pk)
    lesion = record_or_404(request, Lesion, pk=lesion_pk, patient=patient)
    form = LesionForm(
        posted(request),
        initial=initial_of(lesion, LesionForm.DATA_FIELDS, booleans=YES_NO_FIELDS),
        needs_reason=needs_reason(lesion),
    )
    return edit_page(
        request,
        form=form,
        save=lambda: lesion_update(lesion=lesion, confirmed=form.confirmed(), **entered(request, form)),
        saved=f"Lesion {lesion.lesion_id} saved.",
        template="edc/lesion_form.html",
        title=f"Lesion {lesion.lesion_id}",
        patient=patient,
        query_target=(LESION, lesion),
        lesion=lesion,
        groups=GROUPS,
        current_url=reverse("edc:lesion_edit", args=[patient.pk, lesion.pk]),
    )
