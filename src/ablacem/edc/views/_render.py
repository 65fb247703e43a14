"""Rendering a data-entry page with the shared layout (:file:`edc/form.html`)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from ablacem.edc.actors import actor_from_request
from ablacem.edc.models import FormState
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.casebook import active_signature
from ablacem.edc.selectors.queries import record_queries


def fieldsets(form, groups) -> list[tuple[str, list]]:
    """``[(legend, [bound fields])]`` from ``[(legend, [field names])]``, skipping absent fields."""
    return [(legend, [form[name] for name in names if name in form.fields]) for legend, names in groups]


def _read_only(*forms) -> None:
    """Disable every field: a reader (monitor), or anyone on a signed casebook, sees the recorded
    values but cannot submit."""
    for form in forms:
        for field in form.fields.values():
            field.disabled = True


def _query_markers(request, context) -> None:
    """For a form page with a recorded ``query_target`` (``(form kind, record)``): the open
    queries by field (``field_queries``, drawn next to each field; ``form_queries``, those on
    the whole form, at the top) and, for roles that raise
    queries, the address that opens one on this record (``query_new_url``, ``?field=`` added)."""
    target = context.pop("query_target", None)
    if target is None or target[1] is None or target[1].pk is None:
        return
    kind, record = target
    actor = actor_from_request(request)
    context["field_queries"] = record_queries(kinds=[kind], record_pk=record.pk, actor=actor)
    context["form_queries"] = context["field_queries"].get("", [])
    patient = context.get("patient")
    if patient is not None and can(actor, Action.RAISE_QUERY, patient):
        context["query_new_url"] = reverse("edc:query_new", args=[patient.pk, kind, record.pk])


def form_page(request, template: str = "edc/form.html", *, status: int | None = None, **context):
    """Render a form page; a rejected form (bound with errors) answers 422 so tests and tools see it.

    The form (with its ``subforms`` and ``formset``) is drawn read-only, values shown and no save
    button, for a role that may not edit, and for everyone once the patient's casebook is signed
    (``signed_casebook`` then holds the signature for the note at the top), unless the form says
    otherwise (``read_only_for_readers`` / ``read_only_when_signed`` False).

    Parameters
    ----------
    template : str
        The page template (default: the generic form page).
    **context
        ``title``, ``form``, ``patient``, ``groups`` (fieldsets), ``submit_label``, ``cancel_url``
        (default: the patient's page), ``subforms``, ``formset``, ``query_target``
        (``(form kind, record)``: query markers next to the fields)...

    A bound page whose form, sub-forms or formset has errors (or whose edit was stale) answers
    422; ``parts_rejected`` tells the page that only a sub-form or formset row was refused.
    """
    form = context.get("form")
    patient = context.get("patient")
    _query_markers(request, context)
    signed = (
        form is not None
        and patient is not None
        and patient.form_state == FormState.LOCKED
        and getattr(form, "read_only_when_signed", True)
    )
    editor = can(actor_from_request(request), Action.EDIT, patient)
    reader = form is not None and not editor and getattr(form, "read_only_for_readers", True)
    parts = [*context.get("subforms", ()), *(context.get("formset") or ())]
    if signed or reader:
        _read_only(form, *parts)
        context["read_only"] = True
    if signed:
        context["signed_casebook"] = active_signature(patient)
    if form is not None and "groups" in context:
        context["sets"] = fieldsets(form, context.pop("groups"))
    bound = form is not None and form.is_bound
    context["parts_rejected"] = bound and any(part.errors for part in parts) and not form.errors
    formset = context.get("formset")
    if status is None:
        rejected = bound and (form.errors or getattr(form, "stale", None) or context["parts_rejected"])
        status = 422 if rejected or (bound and formset is not None and formset.non_form_errors()) else 200
    if patient is not None:
        context.setdefault("cancel_url", reverse("edc:patient_detail", args=[patient.pk]))
    context.setdefault("nav", "patients")
    return render(request, template, context, status=status)
