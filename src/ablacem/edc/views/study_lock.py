"""Database lock: request (data manager), confirm (an investigator, another user), withdraw, unlock."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from ablacem.edc.actors import actor_from_request
from ablacem.edc.forms.study_lock import LockConfirmForm, LockRequestForm, LockWithdrawForm, StudyUnlockForm
from ablacem.edc.models import LockState
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors.study_lock import study_lock_history, study_lock_pending_or_active
from ablacem.edc.services.study_lock import study_lock_confirm, study_lock_request, study_lock_withdraw, study_unlock

from ._access import check, requires
from ._forms import run_service
from ._render import form_page

#: Step -> (form, action needed, lock state it applies to (None: no lock), button, message).
STEPS = {
    "request": (
        LockRequestForm,
        Action.LOCK_STUDY,
        None,
        "Request the lock",
        "Database lock requested; an investigator must confirm it.",
    ),
    "confirm": (LockConfirmForm, Action.CONFIRM_LOCK, LockState.REQUESTED, "Confirm the lock", "Database locked."),
    "withdraw": (
        LockWithdrawForm,
        Action.LOCK_STUDY,
        LockState.REQUESTED,
        "Withdraw the request",
        "Lock request withdrawn.",
    ),
    "unlock": (StudyUnlockForm, Action.LOCK_STUDY, LockState.LOCKED, "Unlock the database", "Database unlocked."),
}

#: Said when a step is sent that does not apply to the lock as it stands (another user moved it on).
NOT_APPLICABLE = "This step does not apply to the database lock as it stands now; the page shows what does."


def _call(step: str, data: dict, actor):
    if step == "request":
        return study_lock_request(note=data["note"], actor=actor)
    if step == "confirm":
        return study_lock_confirm(password=data["password"], actor=actor)
    if step == "withdraw":
        return study_lock_withdraw(actor=actor)
    return study_unlock(reason=data["reason"], actor=actor)


@requires(Action.VIEW_CLINICAL)
def study_lock_page(request):
    """Where the lock stands, its history, and the steps the user's role may take now."""
    actor = actor_from_request(request)
    current = study_lock_pending_or_active()
    state = current.state if current else None
    sent = request.POST.get("step", "") if request.method == "POST" else ""
    if request.method == "POST":
        if sent not in STEPS:
            raise PermissionDenied("Unknown database lock step.")
        check(actor, STEPS[sent][1])
    forms, error, status = [], "", None
    for step, (form_class, needed, applies_to, button, _) in STEPS.items():
        if applies_to == state and can(actor, needed):
            forms.append((step, form_class(request.POST if sent == step else None, prefix=step), button))
    if sent:
        form = next((f for s, f, _ in forms if s == sent), None)
        if form is None:
            error, status = NOT_APPLICABLE, 409
        elif form.is_valid() and run_service(form, lambda: _call(sent, form.cleaned_data, actor)):
            messages.success(request, STEPS[sent][4])
            return redirect("edc:study_lock")
        else:
            status = 422
    return form_page(
        request,
        "edc/study_lock.html",
        status=status,
        title="Database lock",
        current=current,
        history=study_lock_history(),
        step_forms=forms,
        step_error=error,
        nav="lock",
    )
