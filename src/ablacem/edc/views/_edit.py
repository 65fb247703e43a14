"""The one skeleton of every data-entry page: parse, call the service, say it was saved, or show why not."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from ablacem.edc.actors import actor_from_request

from ._forms import run_service
from ._render import form_page


def edit_page(
    request,
    *,
    form,
    save: Callable[[], object],
    saved: str | Callable[[object], str],
    next_url: str | Callable[[object], str] | None = None,
    parts: Sequence = (),
    route: Callable[[], Mapping[str, list]] | None = None,
    ready: bool = True,
    **page,
):
    """Answer a data-entry request: on a POST whose forms all parse, run ``save``; once it saved,
    flash ``saved`` and redirect to ``next_url``; otherwise draw the page with the user's input
    and every reason it was not saved (:func:`~ablacem.edc.views._forms.run_service`,
    :func:`~ablacem.edc.views._render.form_page`).

    Parameters
    ----------
    form : ChangeControlForm or EdcForm
        The page's form; the service's errors go onto it (or onto ``route``'s sub-forms).
    save : callable
        Calls the service (with the request's actor) and returns what it saved (never None).
    saved : str or callable
        The confirmation shown after saving, or a function of the saved record giving it.
    next_url : str or callable, optional
        Where to go after saving (or a function of the saved record); default the patient's page.
    parts : sequence of forms or formsets
        Validated with ``form`` (every one, so that each shows its own errors).
    route : callable, optional
        ``{error key prefix: [sub-forms]}`` for the service's errors about sub-forms, built once
        the forms are valid.
    ready : bool
        False when the page cannot be saved at all (a procedure without lesions): the forms are
        drawn again, with a 422.
    **page
        The page's context for :func:`~ablacem.edc.views._render.form_page` (``template``,
        ``title``, ``patient``, ...).
    """
    # A list, not a generator: every form is validated, so that each shows its own errors.
    if request.method == "POST" and ready and all([part.is_valid() for part in (form, *parts)]):  # noqa: C419
        result = run_service(form, save, subforms=route() if route else None)
        if result is not None:
            messages.success(request, saved(result) if callable(saved) else saved)
            if next_url is None:
                return redirect("edc:patient_detail", page["patient"].pk)
            return redirect(next_url(result) if callable(next_url) else next_url)
    if request.method == "POST" and not ready:
        page.setdefault("status", 422)
    return form_page(request, form=form, **page)


def entered(request, form, values: Mapping | None = None) -> dict:
    """The keyword arguments every update service takes from a page: the request's ``actor``,
    the form's change control (``expected_version``, ``reason``) and ``values`` (default: the
    form's :meth:`data_for_service`)."""
    values = form.data_for_service() if values is None else values
    return {"actor": actor_from_request(request), **form.change_control(), **values}


def patient_url(patient) -> str:
    """The patient's page (where most forms return and what their Cancel goes back to)."""
    return reverse("edc:patient_detail", args=[patient.pk])
