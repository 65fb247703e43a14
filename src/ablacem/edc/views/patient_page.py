"""The patients list (search, state filters, pages) and a patient's page (forms in entry order,
the schedule, their states and links to every form)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from ablacem.edc.actors import actor_from_request
from ablacem.edc.models import FormState, QueryState
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.patient import patient_identity
from ablacem.edc.selectors.patient_list import PATIENT_STATES, patient_list_page
from ablacem.edc.selectors.queries import query_rows
from ablacem.edc.selectors.timeline import patient_timeline
from ablacem.edc.sites import several_sites, site_today, sites_of
from ablacem.protocol import codelists as cl
from ablacem.protocol.timepoints import TIMEPOINTS
from ablacem.protocol.windows import VisitState

from ._access import check, requires
from ._forms import patient_or_404
from ._render import form_page

#: Visit states (:class:`ablacem.protocol.windows.VisitState`) as the page says them.
VISIT_STATE_LABELS = {
    VisitState.NOT_YET_OPEN: "not yet open",
    VisitState.OPEN: "window open",
    VisitState.OVERDUE: "overdue",
    VisitState.MISSED: "missed",
    VisitState.DONE: "recorded",
    VisitState.NOT_EXPECTED: "not expected (study ended)",
}

#: Longest study ID search kept (study IDs are short codes such as ABL-001).
STUDY_ID_QUERY_MAX = 20


def _before_scheduling(tp) -> str:
    """When a visit falls, as the page says it before the procedure date (hence the schedule) is known."""
    if not tp.is_follow_up:
        return f"before the procedure (within {-tp.lower} days)"
    if tp.day == 0:
        return "on the day of the procedure"
    return f"day {tp.day} after the procedure"


#: Timepoint code -> :func:`_before_scheduling`.
BEFORE_SCHEDULING = {tp.code: _before_scheduling(tp) for tp in TIMEPOINTS}


@requires(Action.VIEW_CLINICAL)
@require_http_methods(["GET", "HEAD", "POST"])
def patient_list(request):
    """The enrolled patients, 50 a page: find by study ID, filter by state (and by site when
    there are several: the site column and filter appear only then); by hospital number for
    roles allowed to see identifiers.

    Study ID, state and page come in the query string (a study ID is the study's own code, on
    every page already). A hospital number links to the hospital's records, so it is searched
    only by POST: it never reaches an address, the server's access log, the browser history or
    a Referer header. A role that may not see identifiers cannot search by one.
    """
    show_ids = can(actor_from_request(request), Action.VIEW_IDENTIFIERS)
    source = request.POST if request.method == "POST" else request.GET
    hospital_number = request.POST.get("hospital_number", "").strip() if request.method == "POST" else ""
    if hospital_number:
        check(actor_from_request(request), Action.VIEW_IDENTIFIERS)
    study_id = source.get("q", "").strip()[:STUDY_ID_QUERY_MAX]
    state = source.get("state", "")
    tumour = source.get("tumour", "")
    error = ""
    if state and state not in PATIENT_STATES:
        error = "State filter: choose one of the listed states; every patient is shown."
        state = ""
    if tumour and tumour not in cl.PRIMARY_TUMOUR.codes:
        error = "Primary tumour filter: choose one of the listed types; every type is shown."
        tumour = ""
    sites = list(sites_of(actor_from_request(request))) if several_sites() else []
    site = source.get("site", "") if source.get("site", "") in {s.code for s in sites} else ""
    found = patient_list_page(
        study_id=study_id,
        hospital_number=hospital_number,
        state=state,
        primary_tumour=tumour,
        site=site,
        page=source.get("page", 1),
        with_identifiers=show_ids,
        as_of=timezone.localdate(),
        actor=actor_from_request(request),
    )
    filtered = bool(study_id or state or tumour or hospital_number or site)
    return form_page(
        request,
        "edc/patient_list.html",
        sites=sites,
        site=site,
        status=400 if error else None,
        page=found,
        rows=found.object_list,
        show_ids=show_ids,
        study_id=study_id,
        state=state,
        hospital_number=hospital_number,
        states=PATIENT_STATES.items(),
        tumour=tumour,
        tumours=cl.PRIMARY_TUMOUR.choices,
        filtered=filtered,
        search_error=error,
        page_query=urlencode(
            {k: v for k, v in (("q", study_id), ("state", state), ("tumour", tumour), ("site", site)) if v}
        ),
    )


@requires(Action.VIEW_CLINICAL)
@require_safe
def patient_detail(request, pk: int):
    """A patient's schedule (target dates and windows from :mod:`ablacem.protocol`), forms and states.

    "Today" is the day at the patient's site (its time zone); the site is named only when the
    study has several.
    """
    patient = patient_or_404(request, pk)
    today = site_today(patient.site)
    context = patient_timeline(patient=patient, today=today)
    context["today"] = today
    context["site"] = patient.site if several_sites() else None
    context["locked"] = patient.form_state == FormState.LOCKED
    context["may_edit"] = can(actor_from_request(request), Action.EDIT, patient) and not context["locked"]
    context["visit_state_labels"] = VISIT_STATE_LABELS
    context["unscheduled_labels"] = BEFORE_SCHEDULING
    context["end_reason_label"] = cl.END_REASON.label_of(patient.end_reason) if patient.end_reason else ""
    context["queries"] = query_rows(actor=actor_from_request(request), today=today, patient=patient)
    context["queries_not_closed"] = sum(r.query.state != QueryState.CLOSED for r in context["queries"])
    if can(actor_from_request(request), Action.VIEW_IDENTIFIERS):
        context["identity"] = patient_identity(patient)
        context["show_ids"] = True
    return form_page(request, "edc/patient_detail.html", **context)
