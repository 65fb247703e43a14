"""A scheduled visit: record it (VAS, analgesics, QLQ-C30) or mark it not done."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from ablacem.edc import checks
from ablacem.edc.actors import actor_from_request
from ablacem.edc.forms.assessment import AnalgesicFormSet, AssessmentForm, NotDoneForm
from ablacem.edc.models import Analgesic, Assessment, FormState
from ablacem.edc.models.assessment import ANALGESIC_FIELDS, ANALGESICS_PREFIX, VISIT_VALUE_FIELDS
from ablacem.edc.models.lookups import procedure_date_of
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.carry_forward import previous_analgesics
from ablacem.edc.services.assessment import assessment_mark_not_done, assessment_record
from ablacem.protocol import get_timepoint
from ablacem.protocol.ranges import QLQC30_ITEMS
from ablacem.protocol.timepoints import TIMEPOINT_CODES
from ablacem.protocol.windows import target_date, window

from ._access import requires
from ._forms import needs_reason, patient_or_404, posted, run_service
from ._render import form_page
from ._scores import omed_of, qlqc30_scores
from ._wording import qlqc30_wording


def _timepoint_or_404(code: str):
    if code not in TIMEPOINT_CODES:
        raise Http404("no such timepoint")
    return get_timepoint(code)


def _schedule(patient, tp) -> dict:
    """Target date and window of the visit, once the procedure date is known."""
    procedure = getattr(patient, "procedure", None)
    day0 = procedure.procedure_date if procedure is not None and not procedure.is_deleted else None
    if day0 is None:
        return {}
    lower, upper = window(day0, tp)
    return {"target": target_date(day0, tp), "lower": lower, "upper": upper}


def _kept_rows(formset) -> list:
    """Analgesic rows to save: existing rows unless deleted, new rows when something was entered."""
    n_initial = formset.initial_form_count()
    return [
        f
        for i, f in enumerate(formset.forms)
        if not f.cleaned_data.get("DELETE") and (i < n_initial or f.has_changed())
    ]


#: Query string of the visit form that starts the analgesic rows from the previous visit's list.
CARRY_FORWARD = "previous"


def _visit(patient, code: str):
    return Assessment.objects.active().filter(patient=patient, timepoint=code).first()


@requires(Action.VIEW_CLINICAL, Action.EDIT)
def visit_edit(request, pk: int, timepoint: str):
    """Record or change a visit; after saving, the page shows the OMED and the QLQ-C30 scale scores."""
    patient = patient_or_404(pk)
    tp = _timepoint_or_404(timepoint)
    visit = _visit(patient, tp.code)
    done = visit is not None and visit.status == "done"
    analgesics = list(visit.analgesics.filter(is_deleted=False).order_by("position", "id")) if done else []
    initial = {"version": visit.version if visit else None}
    if done:
        initial.update({f: getattr(visit, f) for f in VISIT_VALUE_FIELDS})
    data = posted(request)
    complete = "save_in_progress" not in (data or {})
    day0 = procedure_date_of(patient)
    form = AssessmentForm(
        data,
        initial=initial,
        needs_reason=needs_reason(visit),
        wording=qlqc30_wording(),
        edit_check=lambda d: checks.check_assessment(
            d,
            timepoint=tp.code,
            procedure_date=day0,
            death_date=patient.death_date,
            complete=complete,
            today=timezone.localdate(),
        ),
    )
    # With no line saved on this visit yet, the previous visit's list is offered as a starting
    # point ("same as last visit", then edit); it is copied only when the coordinator asks.
    previous = None if analgesics else previous_analgesics(patient=patient, timepoint=tp.code)
    carried = (
        data is None
        and previous is not None
        and request.GET.get("carry") == CARRY_FORWARD
        and can(request.user, Action.EDIT)  # a reader must never see copied lines as if recorded
    )
    rows = previous.rows if carried else [{f: getattr(a, f) for f in ANALGESIC_FIELDS} for a in analgesics]
    formset = AnalgesicFormSet(data, prefix=ANALGESICS_PREFIX, initial=rows)
    if request.method == "POST":
        form_ok = form.is_valid()
        rows_ok = formset.is_valid()
        if form_ok and rows_ok:
            kept = _kept_rows(formset)
            values = form.data_for_service()
            saved = run_service(
                form,
                lambda: assessment_record(
                    patient=patient,
                    timepoint=tp.code,
                    assessed_on=values["assessed_on"],
                    vas_worst=values["vas_worst"],
                    vas_average=values["vas_average"],
                    out_of_window_reason=values["out_of_window_reason"],
                    qlqc30_missing_reason=values["qlqc30_missing_reason"],
                    items={q: values[q] for q in QLQC30_ITEMS},
                    analgesics=[f.row() for f in kept],
                    complete=complete,
                    actor=actor_from_request(request),
                    **form.change_control(),
                ),
                subforms={ANALGESICS_PREFIX: kept},
            )
            if saved is not None:
                state = "complete" if complete else "in progress"
                messages.success(request, f"{tp.label} visit saved ({state}).")
                return redirect("edc:visit", patient.pk, tp.code)
    rejected = request.method == "POST" and (form.errors or formset.total_error_count() or getattr(form, "stale", None))
    return form_page(
        request,
        "edc/visit_form.html",
        status=422 if rejected else 200,
        title=f"{tp.label} visit",
        form=form,
        formset=formset,
        patient=patient,
        tp=tp,
        visit=visit,
        previous=previous if previous and previous.rows else None,
        carried=carried,
        carry_forward=CARRY_FORWARD,
        schedule=_schedule(patient, tp),
        cancel_url=reverse("edc:patient_detail", args=[patient.pk]),
        current_url=reverse("edc:visit", args=[patient.pk, tp.code]),
    )


@requires(Action.VIEW_CLINICAL)
@require_safe
def visit_detail(request, pk: int, timepoint: str):
    """What was recorded at a visit: VAS, analgesics with OMED, QLQ-C30 items and scale scores."""
    patient = patient_or_404(pk)
    tp = _timepoint_or_404(timepoint)
    visit = _visit(patient, tp.code)
    if visit is None and can(request.user, Action.EDIT) and patient.form_state != FormState.LOCKED:
        return redirect("edc:visit_edit", patient.pk, tp.code)
    context = {"patient": patient, "tp": tp, "visit": visit, "schedule": _schedule(patient, tp), "nav": "patients"}
    if visit is not None and visit.status == "done":
        analgesics = list(Analgesic.objects.filter(assessment=visit, is_deleted=False).order_by("position", "id"))
        context["omed"] = omed_of(visit, analgesics)
        context["scores"] = qlqc30_scores(visit)
        context["items"] = [(int(q[1:]), getattr(visit, q)) for q in QLQC30_ITEMS]
    return form_page(request, "edc/visit_detail.html", **context)


@requires(Action.EDIT)
def visit_not_done(request, pk: int, timepoint: str):
    """Mark a visit not done (missed, died, withdrew) with a reason."""
    patient = patient_or_404(pk)
    tp = _timepoint_or_404(timepoint)
    visit = _visit(patient, tp.code)
    initial = {"version": visit.version if visit else None}
    if visit is not None and visit.form_state == FormState.NOT_DONE:
        initial.update({"status": visit.status, "not_done_reason": visit.not_done_reason})
    form = NotDoneForm(
        posted(request), initial=initial, needs_reason=needs_reason(visit), edit_check=checks.check_not_done
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            lambda: assessment_mark_not_done(
                patient=patient,
                timepoint=tp.code,
                actor=actor_from_request(request),
                **form.change_control(),
                **form.data_for_service(),
            ),
        )
        if saved is not None:
            messages.success(request, f"{tp.label} visit marked not done.")
            return redirect("edc:patient_detail", patient.pk)
    return form_page(
        request,
        title=f"{tp.label} visit not done",
        form=form,
        patient=patient,
        intro="Values recorded earlier on this visit are cleared (they stay in the audit trail).",
        submit_label="Mark not done",
        cancel_url=reverse("edc:patient_detail", args=[patient.pk]),
        current_url=reverse("edc:visit", args=[patient.pk, tp.code]),
    )
