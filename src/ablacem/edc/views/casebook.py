"""Sign a patient's casebook (investigator, password re-entry) and unlock it (data manager, reason)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from ablacem.edc.forms.casebook import SignForm, UnlockForm
from ablacem.edc.models import SIGNATURE_STATEMENT
from ablacem.edc.roles import Action
from ablacem.edc.services.casebook import casebook_sign, casebook_unlock

from ._access import requires
from ._forms import patient_or_404, posted, run_service
from ._render import form_page


@requires(Action.SIGN)
def sign(request, pk: int):
    """Sign the casebook: every form of the patient is locked until a data manager unlocks it."""
    patient = patient_or_404(pk)
    form = SignForm(posted(request))
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        signed = run_service(form, lambda: casebook_sign(patient=patient, password=password, user=request.user))
        if signed is not None:
            messages.success(request, "Casebook signed; its forms are locked.")
            return redirect("edc:patient_detail", patient.pk)
    return form_page(
        request,
        title="Sign the casebook",
        form=form,
        patient=patient,
        intro=SIGNATURE_STATEMENT,
        submit_label="Sign",
        cancel_url=reverse("edc:patient_detail", args=[patient.pk]),
    )


@requires(Action.UNLOCK)
def unlock(request, pk: int):
    """Unlock a signed casebook, with a reason kept in the audit trail."""
    patient = patient_or_404(pk)
    form = UnlockForm(posted(request))
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        done = run_service(form, lambda: casebook_unlock(patient=patient, reason=reason, user=request.user) or True)
        if done is not None:
            messages.success(request, "Casebook unlocked; its forms can be changed again.")
            return redirect("edc:patient_detail", patient.pk)
    return form_page(
        request,
        title="Unlock the casebook",
        form=form,
        patient=patient,
        submit_label="Unlock",
        cancel_url=reverse("edc:patient_detail", args=[patient.pk]),
    )
