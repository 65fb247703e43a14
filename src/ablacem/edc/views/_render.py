"""Rendering a data-entry page with the shared layout (:file:`edc/form.html`)."""

from __future__ import annotations

from django.shortcuts import render

from ablacem.edc.models import FormState
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.casebook import active_signature


def fieldsets(form, groups) -> list[tuple[str, list]]:
    """``[(legend, [bound fields])]`` from ``[(legend, [field names])]``, skipping absent fields."""
    return [(legend, [form[name] for name in names if name in form.fields]) for legend, names in groups]


def _read_only(*forms) -> None:
    """Disable every field: a reader (monitor), or anyone on a signed casebook, sees the recorded
    values but cannot submit."""
    for form in forms:
        for field in form.fields.values():
            field.disabled = True


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
        ``title``, ``form``, ``patient``, ``groups`` (fieldsets), ``submit_label``, ``cancel_url``...
    """
    form = context.get("form")
    patient = context.get("patient")
    signed = (
        form is not None
        and patient is not None
        and patient.form_state == FormState.LOCKED
        and getattr(form, "read_only_when_signed", True)
    )
    reader = form is not None and not can(request.user, Action.EDIT) and getattr(form, "read_only_for_readers", True)
    if signed or reader:
        _read_only(form, *context.get("subforms", ()), *(context.get("formset") or ()))
        context["read_only"] = True
    if signed:
        context["signed_casebook"] = active_signature(patient)
    if form is not None and "groups" in context:
        context["sets"] = fieldsets(form, context.pop("groups"))
    if status is None:
        rejected = form is not None and form.is_bound and (form.errors or getattr(form, "stale", None))
        status = 422 if rejected else 200
    context.setdefault("nav", "patients")
    return render(request, template, context, status=status)
