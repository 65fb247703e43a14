"""Who is acting: a staff user, a patient answering through a link, an API client or the system.

Every service takes ``actor=`` and the audit trail records it: the history row keeps the user
(django-simple-history's ``history_user``, when there is one) and the actor's kind and name
(:class:`ablacem.edc.models.history.ActorHistory`), so a patient's own answers are stored and
audited as the patient's, and an import as the system's.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: Attribute of a request that caches its actor (one role lookup per request).
_REQUEST_ATTRIBUTE = "_ablacem_actor"


class ActorKind(StrEnum):
    """How the actor reaches the study (the audit trail's "channel")."""

    STAFF = "staff"  # a study user logged in to the EDC
    PATIENT = "patient"  # a patient answering their own questionnaire through a link
    API = "api"  # a client of the API, under a user account
    SYSTEM = "system"  # ablacem itself: imports from the command line


#: How the audit trail names each kind.
ACTOR_KIND_LABELS: dict[str, str] = {
    ActorKind.STAFF: "study staff",
    ActorKind.PATIENT: "patient",
    ActorKind.API: "API client",
    ActorKind.SYSTEM: "system",
}


@dataclass(frozen=True)
class Actor:
    """Who performs an action.

    Attributes
    ----------
    kind : ActorKind
        Staff, patient, API client or system.
    user : User or None
        The account acting (staff and API clients; a system actor may run ``--as`` a user);
        None for a patient and for the system on its own.
    name : str
        How the audit trail names the actor (a username, ``patient ABL-001``, ``import``).
    patient_pk : int or None
        For a patient actor, the database key of the patient whose answers they are.
    """

    kind: ActorKind
    user: object | None = None
    name: str = ""
    patient_pk: int | None = None

    @classmethod
    def staff(cls, user) -> Actor:
        """A study user of the EDC (anonymous users give an actor that may do nothing)."""
        authenticated = user is not None and getattr(user, "is_authenticated", False)
        return cls(ActorKind.STAFF, user if authenticated else None, user.get_username() if authenticated else "")

    @classmethod
    def api(cls, user) -> Actor:
        """An API client acting under ``user``'s account (and role)."""
        return cls(ActorKind.API, user, user.get_username())

    @classmethod
    def system(cls, name: str = "system", *, user=None) -> Actor:
        """ablacem itself (``name`` says what: ``import``), optionally on behalf of ``user``."""
        return cls(ActorKind.SYSTEM, user, name)

    @classmethod
    def for_patient(cls, patient) -> Actor:
        """The patient answering their own questionnaire; named by study ID, never by identity."""
        return cls(ActorKind.PATIENT, None, f"patient {patient.study_id}", patient.pk)

    @property
    def is_authenticated(self) -> bool:
        """Whether someone identified acts (a user, a patient through their link, or the system)."""
        return self.user is not None or self.kind in (ActorKind.PATIENT, ActorKind.SYSTEM)

    @property
    def label(self) -> str:
        """How the audit trail names the actor (see :func:`describe`)."""
        return describe(self.kind, self.name)


def describe(kind: str, name: str) -> str:
    """``coordinator`` or ``patient ABL-001 (patient)``: the name, with the kind unless staff."""
    if kind == ActorKind.STAFF:
        return name
    kind_label = ACTOR_KIND_LABELS[ActorKind(kind)]
    return f"{name} ({kind_label})" if name else kind_label


def actor_from_request(request) -> Actor:
    """The staff actor of a web request (computed once per request and kept on it)."""
    actor = getattr(request, _REQUEST_ATTRIBUTE, None)
    if actor is None or actor.user is not getattr(request, "user", None):
        actor = Actor.staff(getattr(request, "user", None))
        setattr(request, _REQUEST_ATTRIBUTE, actor)
    return actor
