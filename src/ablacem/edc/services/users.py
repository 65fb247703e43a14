"""User accounts with one study role each."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from .. import usernames
from ..actors import Actor
from ..models.audit_event import AuditEventKind
from ..models.site import Site, SiteAccess
from ..roles import ROLE_NAMES, Action, Role
from ..sites import WHOLE_STUDY_ROLES, default_site, several_sites
from ._common import require
from .audit_events import audit_event_record

#: Longest printed name (Django's first and last name columns hold 150 characters each).
FULL_NAME_MAX_LENGTH = 150


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    password: str,
    email: str = "",
    full_name: str = "",
    sites: Sequence[str] = (),
    whole_study: bool = False,
    actor: Actor,
):
    """Create an account with one role and its sites; the password must pass Django's validators.

    Parameters
    ----------
    username : str
        Letters, digits, ``.``, ``_`` and ``-``, starting with a letter or digit, and not a
        look-alike of an existing username (:mod:`ablacem.edc.usernames`, UTS #39 skeleton).
    role : str
        One of ``coordinator``, ``investigator``, ``data_manager``, ``monitor``, ``statistician``.
    password : str
        Checked with ``AUTH_PASSWORD_VALIDATORS``.
    email : str, optional
    full_name : str, optional
        The printed name (signatures, the audit trail): required on the web form and by
        ``ablacem createuser``; at most 150 characters.
    sites : sequence of str, optional
        Codes of the sites the user belongs to (:func:`site_access_problems`); with a single
        site, the user belongs to it when none is given.
    whole_study : bool, optional
        Every site, present and future (data managers, monitors and statisticians only).
    actor : Actor
        Who creates the account (needs ``manage_users``): a data manager, or the system actor
        from the command line (``ablacem createuser``), where whoever runs it controls the server.

    Returns
    -------
    User

    Raises
    ------
    ValidationError
        ``{"username": [...]}``, ``{"role": [...]}``, ``{"sites": [...]}`` or ``{"password": [...]}``.
    PermissionDenied
    """
    require(actor, Action.MANAGE_USERS)
    User = get_user_model()
    errors: dict[str, list[str]] = {}
    username = usernames.normalise(username)
    if problem := usernames.username_problem(username):
        errors["username"] = [problem]
    elif taken := usernames.look_alike(username, User.objects.values_list("username", flat=True)):
        same = usernames.normalise(taken).casefold() == username.casefold()
        errors["username"] = [
            f"the username {username!r} is taken"
            if same
            else f"{username!r} looks like the existing username {taken!r}: choose another"
        ]
    full_name = " ".join((full_name or "").split())
    if len(full_name) > FULL_NAME_MAX_LENGTH:
        errors["full_name"] = [f"the full name must be at most {FULL_NAME_MAX_LENGTH} characters"]
    if role not in ROLE_NAMES:
        errors["role"] = [f"{role!r} is not one of {', '.join(ROLE_NAMES)}"]
    chosen, site_problems = _chosen_sites(role, sites, whole_study)
    if site_problems:
        errors["sites"] = site_problems
    first, _, last = (full_name or "").strip().partition(" ")
    candidate = User(username=username, email=email or "", first_name=first, last_name=last)
    try:
        validate_password(password or "", user=candidate)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    candidate.set_password(password)
    candidate.save()
    group, _ = Group.objects.get_or_create(name=Role(role).value)
    candidate.groups.add(group)
    access = SiteAccess.objects.create(user=candidate, whole_study=whole_study)
    access.sites.set(chosen)
    audit_event_record(
        actor=actor,
        kind=AuditEventKind.USER_CREATED,
        subject_username=candidate.get_username(),
        # With one site membership is implicit: the event reads as before sites existed.
        detail=f"role {role}" + (f"; sites {_sites_text(whole_study, chosen)}" if several_sites() else ""),
    )
    return candidate


def _sites_text(whole_study: bool, sites) -> str:
    return "whole study" if whole_study else (", ".join(sorted(s.code for s in sites)) or "none")


def _chosen_sites(role: str, codes: Sequence[str], whole_study: bool) -> tuple[list[Site], list[str]]:
    """The :class:`Site` rows of ``codes`` and the problems with the choice (see :func:`user_create`)."""
    codes = [c.strip() for c in codes if c and c.strip()]
    found = list(Site.objects.filter(code__in=codes))
    problems = []
    unknown = sorted(set(codes) - {s.code for s in found})
    if unknown:
        problems.append(f"no site has the code {', '.join(unknown)}")
    if whole_study and role not in WHOLE_STUDY_ROLES:
        problems.append("only a data manager, monitor or statistician may be given the whole study")
    if not codes and not whole_study:
        if several_sites():
            problems.append("choose the user's sites (or the whole study for a data manager, monitor or statistician)")
        else:
            found = [default_site()]
    return found, problems


@transaction.atomic
def user_set_sites(*, account, sites: Sequence[str] = (), whole_study: bool = False, actor: Actor):
    """Give ``account`` these sites (codes) or the whole study, replacing what it had.

    Needs ``manage_users``; the same rules as :func:`user_create` (an empty choice keeps the
    single site of a single-site installation). Recorded as a ``sites_changed`` audit event.

    Raises
    ------
    ValidationError
        ``{"sites": [...]}``.
    """
    require(actor, Action.MANAGE_USERS)
    from ..roles import role_of

    chosen, problems = _chosen_sites(getattr(role_of(account), "value", ""), sites, whole_study)
    if problems:
        raise ValidationError({"sites": problems})
    access, _ = SiteAccess.objects.get_or_create(user=account)
    before = _sites_text(access.whole_study, access.sites.all())
    access.whole_study = whole_study
    access.save(update_fields=["whole_study"])
    access.sites.set(chosen)
    account.__dict__.pop("_ablacem_sites", None)
    audit_event_record(
        actor=actor,
        kind=AuditEventKind.SITES_CHANGED,
        subject_username=account.get_username(),
        detail=f"sites {before} -> {_sites_text(whole_study, chosen)}",
    )
    return account


@transaction.atomic
def user_set_role(*, account, role: str, actor: Actor):
    """Give ``account`` a new role (replacing the old one). Needs ``manage_users``."""
    require(actor, Action.MANAGE_USERS)
    if role not in ROLE_NAMES:
        raise ValidationError({"role": [f"{role!r} is not one of {', '.join(ROLE_NAMES)}"]})
    before = sorted(account.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))
    account.groups.remove(*Group.objects.filter(name__in=ROLE_NAMES))
    account.groups.add(Group.objects.get_or_create(name=role)[0])
    account.__dict__.pop("_ablacem_role", None)
    audit_event_record(
        actor=actor,
        kind=AuditEventKind.ROLE_CHANGED,
        subject_username=account.get_username(),
        detail=f"role {', '.join(before) or 'none'} -> {role}",
    )
    return account


@transaction.atomic
def user_set_active(*, account, active: bool, actor: Actor):
    """Deactivate (or reactivate) an account; accounts are never deleted (the audit trail names them)."""
    require(actor, Action.MANAGE_USERS)
    account.is_active = bool(active)
    account.save(update_fields=["is_active"])
    audit_event_record(
        actor=actor,
        kind=AuditEventKind.USER_REACTIVATED if account.is_active else AuditEventKind.USER_DEACTIVATED,
        subject_username=account.get_username(),
    )
    return account


@transaction.atomic
def user_unlock_login(*, account, actor: Actor) -> int:
    """Lift a django-axes login lockout of ``account`` before its cool-off ends.

    Removes the account's failed-attempt records (``axes.utils.reset``), so the lockout page's
    advice ("ask the study's data manager to unlock it") can be followed from the web.

    Returns
    -------
    int
        Number of failed-attempt records removed (0 when the account was not locked).
    """
    from axes.utils import reset

    require(actor, Action.MANAGE_USERS)
    removed = reset(username=account.get_username())
    audit_event_record(
        actor=actor,
        kind=AuditEventKind.LOCKOUT_LIFTED,
        subject_username=account.get_username(),
        detail=f"{removed} failed-attempt record(s) removed",
    )
    return removed
