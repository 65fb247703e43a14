"""User accounts (data manager): list, create with a role, deactivate or reactivate."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from ablacem.edc.actors import actor_from_request
from ablacem.edc.forms.users import UserCreateForm
from ablacem.edc.models import Site
from ablacem.edc.roles import ROLE_LABELS, Action
from ablacem.edc.selectors.users import user_sites, users_list
from ablacem.edc.services.second_factor import totp_device_remove
from ablacem.edc.services.users import user_create, user_set_active, user_set_role, user_set_sites, user_unlock_login
from ablacem.edc.sites import several_sites

from ._access import requires
from ._edit import edit_page
from ._forms import posted
from ._render import form_page


@requires(Action.MANAGE_USERS)
@require_safe
def user_list(request):
    """Every account with its role and whether it is active."""
    rows = [{**row, "role_label": ROLE_LABELS.get(row["role"], "no role")} for row in users_list()]
    sites = list(Site.objects.all()) if several_sites() else []
    if sites:  # the sites column appears only when the study has several
        access = user_sites()
        for row in rows:
            row["sites"] = access.get(row["pk"], {"whole_study": False, "codes": []})
    return form_page(request, "edc/users.html", rows=rows, roles=ROLE_LABELS.items(), sites=sites, nav="users")


@requires(Action.MANAGE_USERS)
def user_new(request):
    """Create an account with a role; the password must pass Django's password validators."""
    form = UserCreateForm(posted(request), site_choices=[(s.code, f"{s.code}: {s.name}") for s in Site.objects.all()])
    return edit_page(
        request,
        form=form,
        save=lambda: user_create(
            username=form.cleaned_data["username"],
            role=form.cleaned_data["role"],
            password=form.cleaned_data["password1"],
            email=form.cleaned_data.get("email") or "",
            full_name=form.cleaned_data.get("full_name") or "",
            **form.site_data(),
            actor=actor_from_request(request),
        ),
        saved=lambda created: f"Account {created.get_username()} created.",
        next_url=reverse("edc:user_list"),
        title="New user",
        nav="users",
        submit_label="Create",
        cancel_url=reverse("edc:user_list"),
    )


@requires(Action.MANAGE_USERS)
@require_POST
def user_toggle_active(request, user_pk: int):
    """Deactivate an active account or reactivate an inactive one (accounts are never deleted)."""
    account = get_object_or_404(get_user_model(), pk=user_pk)
    if account == request.user:
        messages.error(request, "You cannot deactivate your own account.")
        return redirect("edc:user_list")
    user_set_active(account=account, active=not account.is_active, actor=actor_from_request(request))
    messages.success(
        request, f"Account {account.get_username()} {'reactivated' if account.is_active else 'deactivated'}."
    )
    return redirect("edc:user_list")


@requires(Action.MANAGE_USERS)
@require_POST
def user_change_role(request, user_pk: int):
    """Give an account another role (the old one is replaced)."""
    account = get_object_or_404(get_user_model(), pk=user_pk)
    role = request.POST.get("role", "")
    if role not in ROLE_LABELS:
        messages.error(request, "Choose one of the study roles.")
        return redirect("edc:user_list")
    if account == request.user:
        messages.error(request, "You cannot change your own role.")
        return redirect("edc:user_list")
    user_set_role(account=account, role=role, actor=actor_from_request(request))
    messages.success(request, f"Account {account.get_username()} is now {ROLE_LABELS[role].lower()}.")
    return redirect("edc:user_list")


@requires(Action.MANAGE_USERS)
@require_POST
def user_change_sites(request, user_pk: int):
    """Give an account other sites (or the whole study), replacing what it had."""
    account = get_object_or_404(get_user_model(), pk=user_pk)
    try:
        user_set_sites(
            account=account,
            sites=request.POST.getlist("sites"),
            whole_study=request.POST.get("whole_study") == "1",
            actor=actor_from_request(request),
        )
    except ValidationError as exc:
        messages.error(request, f"Sites of {account.get_username()}: " + " ".join(exc.messages))
        return redirect("edc:user_list")
    messages.success(request, f"Sites of {account.get_username()} changed.")
    return redirect("edc:user_list")


@requires(Action.MANAGE_USERS)
@require_POST
def user_unlock(request, user_pk: int):
    """Lift the login lockout of an account (after too many wrong passwords)."""
    account = get_object_or_404(get_user_model(), pk=user_pk)
    user_unlock_login(account=account, actor=actor_from_request(request))
    messages.success(request, f"Account {account.get_username()} can log in again.")
    return redirect("edc:user_list")


@requires(Action.MANAGE_USERS)
@require_POST
def user_remove_authenticator(request, user_pk: int):
    """Remove an account's second factor (a lost phone); its next login sets up a new one."""
    account = get_object_or_404(get_user_model(), pk=user_pk)
    totp_device_remove(account=account, actor=actor_from_request(request))
    messages.success(request, f"Authenticator of {account.get_username()} removed; a new one is set up at next login.")
    return redirect("edc:user_list")
