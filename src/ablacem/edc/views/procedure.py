"""The procedure session (one per patient) and the lesions it treated."""

from __future__ import annotations

from ablacem.edc.form_kinds import PROCEDURE
from ablacem.edc.forms.procedure import ProcedureForm, treated_lesion_forms
from ablacem.edc.models.procedure import SESSION_FIELDS, TREATED_FIELDS, TREATED_PREFIX
from ablacem.edc.roles import Action
from ablacem.edc.selectors.patient import patient_lesions
from ablacem.edc.selectors.procedure import procedure_session, treated_lesions
from ablacem.edc.services.procedure import procedure_record
from ablacem.protocol.ranges import CEMENT_ML_PLAUSIBLE_MAX

from ._access import requires
from ._edit import edit_page, entered, patient_url
from ._forms import initial_of, needs_reason, patient_or_404, posted

#: Treated-lesion fields drawn as yes/no choices.
YES_NO_FIELDS = ("cement_leakage", "leakage_symptomatic", "technical_success")


def _initial_by_lesion(session) -> dict[int, dict]:
    """``{lesion key: initial values}`` of the lesions the recorded session treated."""
    out = {}
    for row in treated_lesions(session):
        values = initial_of(row, TREATED_FIELDS, booleans=YES_NO_FIELDS)
        del values["version"]
        values["treated"] = True
        values["confirm_cement"] = row.cement_ml is not None and row.cement_ml > CEMENT_ML_PLAUSIBLE_MAX
        out[row.lesion_id] = values
    return out


def _confirmed(treated) -> set[str]:
    """The soft checks the treated lesions' boxes confirm (a large cement volume, a leak without event)."""
    confirmed = {"cement_ml"} if any(sub.cleaned_data.get("confirm_cement") for sub in treated) else set()
    if any(sub.cleaned_data.get("confirm_leak_event") for sub in treated):
        confirmed.add("leak_without_event")
    return confirmed


@requires(Action.VIEW_CLINICAL, Action.EDIT)
def procedure_edit(request, pk: int):
    """Record or change the session; each of the patient's lesions has a "treated" box and its details."""
    patient = patient_or_404(request, pk)
    session = procedure_session(patient)
    lesions = patient_lesions(patient)
    data = posted(request)
    form = ProcedureForm(
        data,
        initial=initial_of(session, SESSION_FIELDS),
        needs_reason=needs_reason(session),
    )
    treated_initial = _initial_by_lesion(session)
    if session is None and len(lesions) == 1:
        treated_initial = {lesions[0].pk: {"treated": True}}  # the usual case: one lesion, treated
    subforms = treated_lesion_forms(lesions, data, treated_initial)

    def treated():
        return [sub for sub in subforms if sub.cleaned_data.get("treated")]

    return edit_page(
        request,
        form=form,
        parts=subforms,
        ready=bool(lesions),
        save=lambda: procedure_record(
            patient=patient,
            treated_lesions=[sub.row() for sub in treated()],
            confirmed=_confirmed(treated()),
            **entered(request, form),
        ),
        route=lambda: {TREATED_PREFIX: treated()},
        saved="Procedure saved.",
        template="edc/procedure_form.html",
        title="Procedure",
        subforms=subforms,
        patient=patient,
        query_target=(PROCEDURE, session),
        current_url=patient_url(patient),
    )
