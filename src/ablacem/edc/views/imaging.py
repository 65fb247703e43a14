"""CT of one lesion at post-procedure or 3 months (with the CT cement measurement on the post-procedure CT)."""

from __future__ import annotations

from django.http import Http404

from ablacem.edc.actors import actor_from_request
from ablacem.edc.form_kinds import IMAGING
from ablacem.edc.forms.ct_measurement import CtDecisionForm, CtUploadForm
from ablacem.edc.forms.imaging import ImagingForm
from ablacem.edc.models import Lesion
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.ct_measurement import latest_ct_measurement
from ablacem.edc.selectors.visit import imaging_at
from ablacem.edc.services.imaging import imaging_record
from ablacem.protocol import IMAGING_TIMEPOINT_CODES, get_timepoint
from ablacem.protocol.timepoints import POST

from ._access import requires
from ._edit import edit_page, entered, patient_url
from ._forms import initial_of, needs_reason, patient_or_404, posted, record_or_404
from ._render import form_page

_INITIAL = ("imaged_on", "local_status", "ct_cement_ml")
_BOOLEANS = ("distant_progression", "ct_leakage")


def _ct_context(request, lesion, timepoint: str, *, upload_form=None, decision_form=None) -> dict:
    """The CT measurement panel of the post-procedure CT page (nothing at other timepoints)."""
    if timepoint != POST:
        return {}
    actor = actor_from_request(request)
    measurement = latest_ct_measurement(lesion, actor)
    if decision_form is None and measurement is not None:
        decision_form = CtDecisionForm(initial={"version": measurement.version, "decision": "accept"})
    treatment = lesion.treatments.filter(is_deleted=False).first()
    return {
        "ct_measurement": measurement,
        "ct_treatment": treatment,
        "ct_may_measure": can(actor, Action.MEASURE_CT, lesion),
        "ct_upload_form": upload_form or CtUploadForm(),
        "ct_decision_form": decision_form,
    }


def _page(request, patient, lesion, tp, record) -> dict:
    return {
        "template": "edc/imaging_form.html",
        "title": f"{tp.label} CT, lesion {lesion.lesion_id}",
        "patient": patient,
        "lesion": lesion,
        "query_target": (IMAGING, record),
        "current_url": patient_url(patient),
    }


def imaging_page(request, patient, lesion, timepoint: str, *, status: int | None = None, **ct_forms):
    """The imaging page with the CT panel's forms as posted (a refused upload or decision)."""
    tp = get_timepoint(timepoint)
    record = imaging_at(lesion, tp.code)
    form = ImagingForm(initial=initial_of(record, _INITIAL, booleans=_BOOLEANS), needs_reason=needs_reason(record))
    return form_page(
        request,
        form=form,
        status=status,
        **_page(request, patient, lesion, tp, record),
        **_ct_context(request, lesion, tp.code, **ct_forms),
    )


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
        initial=initial_of(record, _INITIAL, booleans=_BOOLEANS),
        needs_reason=needs_reason(record),
    )
    return edit_page(
        request,
        form=form,
        save=lambda: imaging_record(lesion=lesion, timepoint=tp.code, **entered(request, form)),
        saved=f"{tp.label} CT of {lesion.lesion_id} saved.",
        **_page(request, patient, lesion, tp, record),
        **_ct_context(request, lesion, tp.code),
    )
