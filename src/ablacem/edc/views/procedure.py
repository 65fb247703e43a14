"""The procedure session (one per patient) and the lesions it treated."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from ablacem.edc import checks
from ablacem.edc.actors import actor_from_request
from ablacem.edc.forms._fields import bool_initial
from ablacem.edc.forms.procedure import ProcedureForm, treated_lesion_forms
from ablacem.edc.models import Lesion, Procedure, ProcedureLesion
from ablacem.edc.models.procedure import SESSION_FIELDS, TREATED_FIELDS, TREATED_PREFIX
from ablacem.edc.roles import Action
from ablacem.edc.services.procedure import procedure_record
from ablacem.protocol.ranges import CEMENT_ML_PLAUSIBLE_MAX

from ._access import requires
from ._forms import needs_reason, patient_or_404, posted, run_service
from ._render import form_page


def _initial_by_lesion(session) -> dict[int, dict]:
    if session is None:
        return {}
    out = {}
    for row in ProcedureLesion.objects.active().filter(session=session):
        values = {f: getattr(row, f) for f in TREATED_FIELDS}
        for f in ("cement_leakage", "leakage_symptomatic", "technical_success"):
            values[f] = bool_initial(values[f])
        values["treated"] = True
        values["confirm_cement"] = row.cement_ml is not None and row.cement_ml > CEMENT_ML_PLAUSIBLE_MAX
        out[row.lesion_id] = values
    return out


@requires(Action.VIEW_CLINICAL, Action.EDIT)
def procedure_edit(request, pk: int):
    """Record or change the session; each of the patient's lesions has a "treated" box and its details."""
    patient = patient_or_404(pk)
    session = Procedure.objects.active().filter(patient=patient).first()
    lesions = list(Lesion.objects.active().filter(patient=patient).order_by("lesion_id"))
    initial = {"version": session.version if session else None}
    if session:
        initial.update({f: getattr(session, f) for f in SESSION_FIELDS})
    data = posted(request)
    form = ProcedureForm(
        data,
        initial=initial,
        needs_reason=needs_reason(session),
        edit_check=lambda d: checks.check_procedure(d, enrolled_on=patient.enrolled_on, today=timezone.localdate()),
    )
    treated_initial = _initial_by_lesion(session)
    if session is None and len(lesions) == 1:
        treated_initial = {lesions[0].pk: {"treated": True}}  # the usual case: one lesion, treated
    subforms = treated_lesion_forms(lesions, data, treated_initial)
    if request.method == "POST" and lesions:
        form_ok = form.is_valid()
        subs_ok = all([sub.is_valid() for sub in subforms])  # noqa: C419 - validate every sub-form
        if form_ok and subs_ok:
            treated = [sub for sub in subforms if sub.cleaned_data.get("treated")]
            confirmed = {"cement_ml"} if any(sub.cleaned_data.get("confirm_cement") for sub in treated) else set()
            if any(sub.cleaned_data.get("confirm_leak_event") for sub in treated):
                confirmed.add("leak_without_event")
            done = run_service(
                form,
                lambda: procedure_record(
                    patient=patient,
                    treated_lesions=[sub.row() for sub in treated],
                    confirmed=confirmed,
                    actor=actor_from_request(request),
                    **form.change_control(),
                    **form.data_for_service(),
                ),
                subforms={TREATED_PREFIX: treated},
            )
            if done is not None:
                messages.success(request, "Procedure saved.")
                return redirect("edc:patient_detail", patient.pk)
    lesions_rejected = any(s.errors for s in subforms)
    rejected = request.method == "POST" and (
        not lesions or form.errors or lesions_rejected or getattr(form, "stale", None)
    )
    return form_page(
        request,
        "edc/procedure_form.html",
        status=422 if rejected else 200,
        title="Procedure",
        form=form,
        subforms=subforms,
        # The shared "Not saved" banner looks at the session form only; a lesion's error needs it too.
        lesions_rejected=request.method == "POST" and lesions_rejected and not form.errors,
        patient=patient,
        cancel_url=reverse("edc:patient_detail", args=[patient.pk]),
        current_url=reverse("edc:patient_detail", args=[patient.pk]),
    )
