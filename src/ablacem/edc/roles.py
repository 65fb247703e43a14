"""Roles and the permission matrix: the one place that answers "may this actor do that?".

Roles are Django groups (created by migration ``0002_roles``); a user has one role. The
matrix follows issue 4: coordinators enter data and see identifiers; investigators also
sign; data managers do everything except sign (a signature attests the investigator's own
review), unlock, manage users and export; monitors read everything and change nothing;
statisticians only get de-identified exports and the report. Issue 12 adds data management:
data managers, monitors and investigators raise, close and re-open queries and coordinators
answer them; monitors verify source data; a data manager requests a database lock (and
unlocks it) and an investigator confirms it. Issue 15: only investigators (the
radiologists) upload a post-procedure CT series and accept, edit or reject its cement measurement.
"""

from __future__ import annotations

from enum import StrEnum

from .actors import Actor, ActorKind


class Role(StrEnum):
    """The study roles (Django group names)."""

    COORDINATOR = "coordinator"
    INVESTIGATOR = "investigator"
    DATA_MANAGER = "data_manager"
    MONITOR = "monitor"
    STATISTICIAN = "statistician"


class Action(StrEnum):
    """What a user may be allowed to do."""

    VIEW_CLINICAL = "view_clinical"  # patient pages, forms, worklist, dashboard
    VIEW_IDENTIFIERS = "view_identifiers"  # name, hospital number, date of birth
    VIEW_AUDIT = "view_audit"  # a patient's audit trail (and its CSV)
    EDIT = "edit"  # enrol, enter and change data, mark visits not done, soft delete
    SIGN = "sign"  # sign a casebook (re-entering the password)
    UNLOCK = "unlock"  # unlock a signed casebook, with a reason
    MANAGE_USERS = "manage_users"  # create users, set roles
    EXPORT_IDENTIFIED = "export_identified"  # tidy dataset with identifiers.csv
    EXPORT_DEIDENTIFIED = "export_deidentified"  # tidy dataset without identifiers
    BUILD_REPORT = "build_report"  # build and download the study report
    SEE_SAE_ALERTS = "see_sae_alerts"  # the dashboard's banner of unacknowledged serious adverse events
    ACKNOWLEDGE_SAE = "acknowledge_sae"  # acknowledge a serious adverse event (starts no clock, stops it)
    PRINT_CASEBOOK = "print_casebook"  # download a patient's PDF casebook
    RAISE_QUERY = "raise_query"  # open a query on a form or field, close or re-open it
    ANSWER_QUERY = "answer_query"  # answer a query (changing the value through the form)
    VERIFY_SOURCE = "verify_source"  # mark forms or fields as source-verified
    LOCK_STUDY = "lock_study"  # request a database lock, withdraw the request, unlock with a reason
    CONFIRM_LOCK = "confirm_lock"  # confirm a requested database lock (a different user)
    MEASURE_CT = "measure_ct"  # upload a post-procedure CT series and accept, edit or reject its measurement


R, A = Role, Action
#: Role -> allowed actions. Anything not listed is refused.
PERMISSIONS: dict[Role, frozenset[Action]] = {
    R.COORDINATOR: frozenset(
        {A.VIEW_CLINICAL, A.VIEW_IDENTIFIERS, A.VIEW_AUDIT, A.EDIT, A.BUILD_REPORT, A.ANSWER_QUERY}
    ),
    R.INVESTIGATOR: frozenset(
        {
            A.VIEW_CLINICAL,
            A.VIEW_IDENTIFIERS,
            A.VIEW_AUDIT,
            A.EDIT,
            A.SIGN,
            A.BUILD_REPORT,
            A.RAISE_QUERY,
            A.CONFIRM_LOCK,
            A.SEE_SAE_ALERTS,
            A.ACKNOWLEDGE_SAE,
            A.PRINT_CASEBOOK,
            A.MEASURE_CT,
        }
    ),
    R.DATA_MANAGER: frozenset(
        {
            A.VIEW_CLINICAL,
            A.VIEW_IDENTIFIERS,
            A.VIEW_AUDIT,
            A.EDIT,
            A.UNLOCK,
            A.MANAGE_USERS,
            A.EXPORT_IDENTIFIED,
            A.EXPORT_DEIDENTIFIED,
            A.BUILD_REPORT,
            A.RAISE_QUERY,
            A.LOCK_STUDY,
            A.SEE_SAE_ALERTS,
            A.PRINT_CASEBOOK,
        }
    ),
    R.MONITOR: frozenset(
        {
            A.VIEW_CLINICAL,
            A.VIEW_IDENTIFIERS,
            A.VIEW_AUDIT,
            A.BUILD_REPORT,
            A.RAISE_QUERY,
            A.VERIFY_SOURCE,
            A.PRINT_CASEBOOK,
        }
    ),
    R.STATISTICIAN: frozenset({A.EXPORT_DEIDENTIFIED, A.BUILD_REPORT}),
}
del R, A

ROLE_NAMES: tuple[str, ...] = tuple(r.value for r in Role)
#: How each role is named on the pages.
ROLE_LABELS: dict[str, str] = {
    Role.COORDINATOR: "Coordinator",
    Role.INVESTIGATOR: "Investigator",
    Role.DATA_MANAGER: "Data manager",
    Role.MONITOR: "Monitor",
    Role.STATISTICIAN: "Statistician",
}


def role_of(user) -> Role | None:
    """The user's role (its first study group), or None for anonymous users and users without one."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cached = getattr(user, "_ablacem_role", False)
    if cached is not False:
        return cached
    names = set(user.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))
    role = next((r for r in Role if r.value in names), None)
    user._ablacem_role = role
    return role


#: What a patient may do through their link, on their own records only.
PATIENT_ACTIONS: frozenset[Action] = frozenset({Action.VIEW_CLINICAL, Action.EDIT})
#: What the system may do on its own, from the command line (imports, accounts).
SYSTEM_ACTIONS: frozenset[Action] = frozenset(
    {Action.VIEW_CLINICAL, Action.VIEW_IDENTIFIERS, Action.EDIT, Action.MANAGE_USERS}
)


def as_actor(actor_or_user) -> Actor:
    """``actor_or_user`` as an :class:`~ablacem.edc.actors.Actor` (a user is a staff actor)."""
    return actor_or_user if isinstance(actor_or_user, Actor) else Actor.staff(actor_or_user)


def patient_pk_of(obj) -> int | None:
    """Database key of the patient a record belongs to (a patient is its own), following the
    model's ``patient_lookup`` path (``"session__patient"``: ``obj.session.patient_id``)."""
    path = getattr(type(obj), "patient_lookup", None)
    if path is None:
        return None
    if path == "pk":
        return obj.pk
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
    return getattr(obj, f"{last}_id")


def _role_allows(user, action: Action) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return action in PERMISSIONS[Role.DATA_MANAGER]
    role = role_of(user)
    return role is not None and action in PERMISSIONS[role]


def patient_of(obj):
    """The patient a record belongs to (a patient is its own), following ``patient_lookup``."""
    path = getattr(type(obj), "patient_lookup", None)
    if path is None:
        return None
    if path == "pk":
        return obj
    for hop in path.split("__"):
        obj = getattr(obj, hop)
    return obj


def _in_scope(actor: Actor, obj) -> bool:
    """Whether ``obj`` lies within what ``actor`` may reach: a patient reaches only their own
    records; staff and API clients the records of their sites' patients
    (:func:`ablacem.edc.sites.site_scope`); the system every patient."""
    if actor.kind == ActorKind.PATIENT:
        return obj is not None and patient_pk_of(obj) == actor.patient_pk
    if obj is None or getattr(type(obj), "patient_lookup", None) is None:
        return True
    from .sites import site_scope

    scope = site_scope(actor)
    patient = patient_of(obj)
    return scope is None or (patient is not None and patient.site_id in scope)


def can(actor, action: Action | str, obj=None) -> bool:
    """Whether ``actor`` may do ``action`` (on ``obj`` when given).

    Parameters
    ----------
    actor : Actor or User or AnonymousUser or None
        Who acts (a user is taken as a staff actor, see :func:`as_actor`).
    action : Action or str
        One of :class:`Action` (``"edit"``, ``"sign"``, ...).
    obj : model instance, optional
        The record acted on: a patient actor may act only on their own records, staff only on
        the records of their sites' patients.

    Returns
    -------
    bool
        Staff and API clients: their user's role (:data:`PERMISSIONS`); False for anonymous or
        inactive users and users without a role; superusers may do everything a data manager
        may (they never sign). A patient: :data:`PATIENT_ACTIONS` on their own records. The
        system: :data:`SYSTEM_ACTIONS`, or its user's role when it runs on behalf of one.

    Raises
    ------
    ValueError
        For an unknown action name (a typo must not silently deny or allow).
    """
    action = Action(action)
    actor = as_actor(actor)
    if not _in_scope(actor, obj):
        return False
    if actor.kind == ActorKind.PATIENT:
        return action in PATIENT_ACTIONS
    if actor.kind == ActorKind.SYSTEM and actor.user is None:
        return action in SYSTEM_ACTIONS
    return _role_allows(actor.user, action)


def allowed_actions(actor) -> frozenset[Action]:
    """Every action ``actor`` (or user) may do (for templates: ``{% if 'sign' in perms_ablacem %}``)."""
    return frozenset(a for a in Action if can(actor, a))
