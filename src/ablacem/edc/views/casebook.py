"""Sign a patient's casebook (investigator, password re-entry) and unlock it (data manager, reason)."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.shortcuts import redirect, render
from django.utils import timezone

from ablacem.edc.actors import actor_from_request
from ablacem.edc.forms.casebook import SignForm, UnlockForm
from ablacem.edc.models import SIGNATURE_STATEMENT, QueryState
from ablacem.edc.models.signature import printed_name
from ablacem.edc.roles import Action
from ablacem.edc.selectors.casebook import active_signature, casebook_open_items, follow_up_is_over
from ablacem.edc.selectors.queries import query_rows
from ablacem.edc.services.casebook import casebook_sign, casebook_unlock

from ._access import requires
from ._edit import edit_page
from ._forms import patient_or_404, posted, run_service
from ._render import form_page
from .auth import LOCKED_OUT_TEMPLATE
from .patient_page import VISIT_STATE_LABELS

#: Session key holding the account that has signed once in this login session: later
#: signatures of the same continuous session need the password only (21 CFR 11.200(a)(1)(ii)).
#: Logging out or the session expiring (``SESSION_COOKIE_AGE`` of inactivity) ends it.
SIGNED_IN_SESSION = "ablacem_signed_in_session"


def _locked_out(request, credentials: dict):
    """Log the user out and answer with the lockout page (429), as the login page does."""
    logout(request)
    context = {"failure_limit": get_failure_limit(request, credentials), "cooloff_timedelta": get_cool_off(request)}
    return render(request, LOCKED_OUT_TEMPLATE, context, status=429)


@requires(Action.SIGN)
def sign(request, pk: int):
    """Sign the casebook: every form of the patient is locked until a data manager unlocks it.

    The page lists what is still open (visits and CTs not recorded, open edit-check problems,
    queries not closed: while one is open or answered, signing is refused);
    while follow-up is not over, signing needs the confirmation box ticked (the service checks it
    too). The re-entered password is checked like a login (``authenticate``), so wrong passwords
    count towards django-axes' lockout: a signature password cannot be guessed without limit
    from an open session (21 CFR 11.300(d): safeguards against unauthorised use of passwords).
    The first signature of a login session asks for the username too (21 CFR 11.200(a)(1)(i)).
    """
    patient = patient_or_404(request, pk)
    ask_username = request.session.get(SIGNED_IN_SESSION) != request.user.pk
    form = SignForm(posted(request), follow_up_over=follow_up_is_over(patient), ask_username=ask_username)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["password"]
        credentials = {"username": request.user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            return _locked_out(request, credentials)
        confirmed = authenticate(request, password=password, **credentials)
        if getattr(request, "axes_locked_out", False) or AxesProxyHandler.is_locked(request, credentials):
            return _locked_out(request, credentials)
        if confirmed is None or confirmed.pk != request.user.pk:
            form.add_error("password", "the password is not correct")
        else:
            signed = run_service(
                form,
                lambda: casebook_sign(
                    patient=patient,
                    password=password,
                    actor=actor_from_request(request),
                    confirm_open_follow_up=form.confirmed_open_follow_up(),
                    username=form.entered_username(),
                ),
            )
            if signed is not None:
                request.session[SIGNED_IN_SESSION] = request.user.pk
                messages.success(request, "Casebook signed; its forms are locked.")
                return redirect("edc:patient_detail", patient.pk)
    return form_page(
        request,
        "edc/sign_form.html",
        title="Sign the casebook",
        form=form,
        patient=patient,
        open_items=casebook_open_items(patient=patient, today=timezone.localdate()),
        open_queries=[
            r
            for r in query_rows(actor=actor_from_request(request), today=timezone.localdate(), patient=patient)
            if r.query.state != QueryState.CLOSED
        ],
        visit_state_labels=VISIT_STATE_LABELS,
        statement=SIGNATURE_STATEMENT,
        signer_name=printed_name(request.user),
        ask_username=ask_username,
        submit_label="Sign",
    )


@requires(Action.UNLOCK)
def unlock(request, pk: int):
    """Unlock a signed casebook, with a reason kept in the audit trail."""
    patient = patient_or_404(request, pk)
    form = UnlockForm(posted(request))
    signature = active_signature(patient)
    return edit_page(
        request,
        form=form,
        save=lambda: casebook_unlock(
            patient=patient, reason=form.cleaned_data["reason"], actor=actor_from_request(request)
        ),
        saved="Casebook unlocked; its forms can be changed again.",
        title="Unlock the casebook",
        patient=patient,
        intro=(
            f"Signed by {signature.signer_name or signature.signed_by.get_username()} on "
            f"{timezone.localtime(signature.signed_at):%Y-%m-%d %H:%M}. Unlocking reopens every form of the "
            "casebook; the investigator signs it again once the changes are made."
            if signature
            else "This casebook is not signed: there is nothing to unlock."
        ),
        submit_label="Unlock",
    )
