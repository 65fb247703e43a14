"""A scheduled visit: record it (VAS, analgesics, QLQ-C30) or mark it not done."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from ablacem.edc.actors import actor_from_request
from ablacem.edc.form_kinds import VISIT
from ablacem.edc.forms.assessment import AnalgesicFormSet, AssessmentForm, NotDoneForm
from ablacem.edc.models import FormState
from ablacem.edc.models.assessment import ANALGESIC_FIELDS, ANALGESICS_PREFIX, VISIT_VALUE_FIELDS
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.carry_forward import previous_analgesics
from ablacem.edc.selectors.visit import visit_analgesics, visit_at, visit_schedule
from ablacem.edc.selectors.visit_scores import visit_results
from ablacem.edc.selectors.wording import qlqc30_item_wording, qlqc30_response_labels
from ablacem.edc.services.assessment import assessment_mark_not_done, assessment_record
from ablacem.protocol import codelists as cl
from ablacem.protocol import get_timepoint
from ablacem.protocol.ranges import QLQC30_ITEMS
from ablacem.protocol.timepoints import TIMEPOINT_CODES

from ._access import requires
from ._edit import edit_page, entered
from ._forms import initial_of, needs_reason, patient_or_404, posted
from ._render import form_page

#: Query string of the visit form that starts the analgesic rows from the previous visit's list.
CARRY_FORWARD = "previous"


def _timepoint_or_404(code: str):
    if code not in TIMEPOINT_CODES:
        raise Http404("no such timepoint")
    return get_timepoint(code)


def _kept_rows(formset) -> list:
    """Analgesic rows to save: existing rows unless deleted, new rows when something was entered."""
    n_initial = formset.initial_form_count()
    return [
        f
        for i, f in enumerate(formset.forms)
        if not f.cleaned_data.get("DELETE") and (i < n_initial or f.has_changed())
    ]


def _record(request, form, formset, **call):
    """Call :func:`assessment_record` with the parsed visit (its items apart) and the kept rows."""
    values = form.data_for_service()
    items = {q: values.pop(q) for q in QLQC30_ITEMS}
    rows = [f.row() for f in _kept_rows(formset)]
    return assessment_record(items=items, analgesics=rows, **entered(request, form, values), **call)


@requires(Action.VIEW_CLINICAL, Action.EDIT)
def visit_edit(request, pk: int, timepoint: str):
    """Record or change a visit; after saving, the page shows the OMED and the QLQ-C30 scale scores."""
    actor = actor_from_request(request)
    patient = patient_or_404(request, pk)
    tp = _timepoint_or_404(timepoint)
    visit = visit_at(patient, tp.code)
    done = visit is not None and visit.status == cl.DONE
    analgesics = visit_analgesics(visit) if done else []
    data = posted(request)
    complete = "save_in_progress" not in (data or {})
    initial = initial_of(visit if done else None, VISIT_VALUE_FIELDS)
    initial["version"] = visit.version if visit else None
    form = AssessmentForm(
        data,
        initial=initial,
        needs_reason=needs_reason(visit),
        wording=qlqc30_item_wording(),
        response_labels=qlqc30_response_labels(),
    )
    # With no line saved on this visit yet, the previous visit's list is offered as a starting
    # point ("same as last visit", then edit); it is copied only when the coordinator asks.
    previous = None if analgesics else previous_analgesics(patient=patient, timepoint=tp.code)
    carried = (
        data is None
        and previous is not None
        and request.GET.get("carry") == CARRY_FORWARD
        and can(actor, Action.EDIT, patient)  # a reader must never see copied lines as if recorded
    )
    rows = previous.rows if carried else [{f: getattr(a, f) for f in ANALGESIC_FIELDS} for a in analgesics]
    formset = AnalgesicFormSet(data, prefix=ANALGESICS_PREFIX, initial=rows)
    return edit_page(
        request,
        form=form,
        parts=[formset],
        save=lambda: _record(request, form, formset, patient=patient, timepoint=tp.code, complete=complete),
        route=lambda: {ANALGESICS_PREFIX: _kept_rows(formset)},
        saved=f"{tp.label} visit saved ({'complete' if complete else 'in progress'}).",
        next_url=reverse("edc:visit", args=[patient.pk, tp.code]),
        template="edc/visit_form.html",
        title=f"{tp.label} visit",
        formset=formset,
        patient=patient,
        query_target=(VISIT, visit),
        tp=tp,
        visit=visit,
        previous=previous if previous and previous.rows else None,
        carried=carried,
        carry_forward=CARRY_FORWARD,
        schedule=visit_schedule(patient, tp),
        current_url=reverse("edc:visit", args=[patient.pk, tp.code]),
    )


@requires(Action.VIEW_CLINICAL)
@require_safe
def visit_detail(request, pk: int, timepoint: str):
    """What was recorded at a visit: VAS, analgesics with OMED, QLQ-C30 items and scale scores."""
    patient = patient_or_404(request, pk)
    tp = _timepoint_or_404(timepoint)
    visit = visit_at(patient, tp.code)
    editable = can(actor_from_request(request), Action.EDIT, patient) and patient.form_state != FormState.LOCKED
    if visit is None and editable:
        return redirect("edc:visit_edit", patient.pk, tp.code)
    return form_page(
        request,
        "edc/visit_detail.html",
        patient=patient,
        tp=tp,
        visit=visit,
        schedule=visit_schedule(patient, tp),
        **visit_results(visit),
    )


@requires(Action.EDIT)
def visit_not_done(request, pk: int, timepoint: str):
    """Mark a visit not done (missed, died, withdrew) with a reason."""
    patient = patient_or_404(request, pk)
    tp = _timepoint_or_404(timepoint)
    visit = visit_at(patient, tp.code)
    initial = {"version": visit.version if visit else None}
    if visit is not None and visit.form_state == FormState.NOT_DONE:
        initial.update({"status": visit.status, "not_done_reason": visit.not_done_reason})
    form = NotDoneForm(posted(request), initial=initial, needs_reason=needs_reason(visit))
    return edit_page(
        request,
        form=form,
        save=lambda: assessment_mark_not_done(patient=patient, timepoint=tp.code, **entered(request, form)),
        saved=f"{tp.label} visit marked not done.",
        title=f"{tp.label} visit not done",
        patient=patient,
        intro="Values recorded earlier on this visit are cleared (they stay in the audit trail).",
        submit_label="Mark not done",
        current_url=reverse("edc:visit", args=[patient.pk, tp.code]),
    )
