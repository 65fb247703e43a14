"""The CT cement measurement on the post-procedure imaging page: upload, overlay, accept/edit/reject."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from ablacem.edc.actors import actor_from_request
from ablacem.edc.forms.ct_measurement import CtDecisionForm, CtUploadForm
from ablacem.edc.models import CtMeasurement, Lesion
from ablacem.edc.roles import Action
from ablacem.edc.services.ct_measurement import (
    ct_measurement_accept,
    ct_measurement_edit,
    ct_measurement_reject,
    ct_measurement_upload,
)
from ablacem.protocol.timepoints import POST

from ._access import requires
from ._forms import patient_or_404, record_or_404, run_service
from .imaging import imaging_page


def _back(patient, lesion):
    return redirect("edc:imaging_edit", patient.pk, lesion.pk, POST)


@requires(Action.MEASURE_CT)
@require_POST
def ct_upload(request, pk: int, lesion_pk: int):
    """Store the uploaded series and queue its measurement; the page again with the error if refused."""
    patient = patient_or_404(request, pk)
    lesion = record_or_404(request, Lesion, pk=lesion_pk, patient=patient)
    form = CtUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("series")
        seed = form.cleaned_data.get("seed")
        saved = run_service(
            form,
            lambda: ct_measurement_upload(
                lesion=lesion, upload=upload, seed_mm=seed, actor=actor_from_request(request)
            ),
        )
        if saved is not None:
            messages.success(request, "CT series uploaded; the measurement appears here when it is done.")
            return _back(patient, lesion)
    return imaging_page(request, patient, lesion, POST, upload_form=form, status=422)


@requires(Action.MEASURE_CT)
@require_POST
def ct_decide(request, pk: int, lesion_pk: int, measurement_pk: int):
    """Accept, edit or reject a measurement; the page again with the errors if refused."""
    patient = patient_or_404(request, pk)
    lesion = record_or_404(request, Lesion, pk=lesion_pk, patient=patient)
    measurement = record_or_404(request, CtMeasurement, pk=measurement_pk, lesion=lesion)
    form = CtDecisionForm(request.POST)
    if form.is_valid():
        data, actor = form.cleaned_data, actor_from_request(request)
        common = {"measurement": measurement, "expected_version": data["version"], "actor": actor}
        calls = {
            "accept": lambda: ct_measurement_accept(reason=data["reason"], **common),
            "edit": lambda: ct_measurement_edit(
                cement_ml=data["cement_ml"], leakage=data["leakage"], reason=data["reason"], **common
            ),
            "reject": lambda: ct_measurement_reject(reason=data["reason"], **common),
        }
        saved = run_service(form, calls[data["decision"]])
        if saved is not None:
            messages.success(request, f"CT measurement {saved.get_status_display().lower()}.")
            return _back(patient, lesion)
    return imaging_page(request, patient, lesion, POST, decision_form=form, status=422)


@requires(Action.VIEW_CLINICAL)
@require_GET
def ct_overlay(request, pk: int, lesion_pk: int, measurement_pk: int):
    """The measurement's overlay figure (PNG), for readers of the patient's pages."""
    patient = patient_or_404(request, pk)
    lesion = record_or_404(request, Lesion, pk=lesion_pk, patient=patient)
    measurement = record_or_404(request, CtMeasurement, pk=measurement_pk, lesion=lesion)
    if not measurement.overlay_png:
        raise Http404("no overlay")
    response = HttpResponse(bytes(measurement.overlay_png), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response
