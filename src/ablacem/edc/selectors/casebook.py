"""What is still open in a patient's casebook when the investigator comes to sign it, and who signed it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..models import CasebookSignature, FormState, Imaging, Lesion, Patient
from .problems import open_problems
from .timeline import VisitRow, patient_timeline

#: Visit states of the patient page's schedule that are no longer expected (nothing to sign off).
NOT_EXPECTED = "not_expected"


def follow_up_is_over(patient: Patient) -> bool:
    """Whether the patient's follow-up has ended: the end of study is recorded, whatever its reason.

    The protocol follows every patient until death or 3 months (DEVELOPERS.md, "The study it
    runs"); the end-of-study form records which, so until it is saved visits may still come.
    """
    return bool(patient.end_reason)


@dataclass(frozen=True)
class OpenCasebook:
    """What signing now would lock before it is done.

    Attributes
    ----------
    follow_up_over : bool
        See :func:`follow_up_is_over`; while False, signing needs an explicit confirmation.
    visits : list of VisitRow
        Scheduled visits not recorded (not yet due, due, overdue or missed) or still in
        progress, in schedule order; ``state`` and ``form_state`` say which.
    imaging : list of (VisitRow, Lesion, Imaging or None)
        CTs of the schedule not recorded (None) or still in progress.
    problems : list of str
        Open edit-check problems of the patient (:func:`ablacem.edc.selectors.open_problems`).
    """

    follow_up_over: bool
    visits: list[VisitRow] = field(default_factory=list)
    imaging: list[tuple[VisitRow, Lesion, Imaging | None]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def anything_open(self) -> bool:
        """Whether any visit, CT or problem is still open."""
        return bool(self.visits or self.imaging or self.problems)


def _open(form_state: str) -> bool:
    return form_state in (FormState.NOT_STARTED, FormState.IN_PROGRESS)


def casebook_open_items(*, patient: Patient, today: dt.date) -> OpenCasebook:
    """What is still open in ``patient``'s casebook on ``today`` (for the signing page).

    Visits no longer expected after the end of study are left out; a visit marked not done is
    recorded, not open.
    """
    timeline = patient_timeline(patient=patient, today=today)
    visits = [row for row in timeline["visits"] if row.state != NOT_EXPECTED and _open(row.form_state)]
    imaging = [
        (row, lesion, scan)
        for row in timeline["visits"]
        if row.state != NOT_EXPECTED
        for lesion, scan in row.imaging
        if scan is None or _open(scan.form_state)
    ]
    return OpenCasebook(
        follow_up_over=follow_up_is_over(patient),
        visits=visits,
        imaging=imaging,
        problems=open_problems(as_of=today, patient_pks=[patient.pk]).get(patient.study_id, []),
    )


def active_signature(patient: Patient) -> CasebookSignature | None:
    """The signature in force on ``patient``'s casebook (with who signed), or None when not signed."""
    return CasebookSignature.objects.filter(patient=patient, is_active=True).select_related("signed_by").first()


@dataclass(frozen=True)
class SignatureManifestation:
    """A signature as 21 CFR 11.50(a) wants it shown with the signed record (the page, the PDF
    casebook and the audit trail).

    Attributes
    ----------
    printed_name : str
        The signer's printed name at the time of signing (full name, else username).
    username : str
    signed_at : datetime
        When (aware; show it in site time).
    meaning : str
        What the signature means ("I confirm that ...").
    both_components : bool or None
        Username and password entered (first signing of a session), False for the password
        only, None for signatures given before this was recorded.
    active : bool
        False once a data manager unlocked the casebook.
    unlocked_by, unlocked_at, unlock_reason
        Who unlocked it, when and why (blank and None while active).
    """

    printed_name: str
    username: str
    signed_at: dt.datetime
    meaning: str
    both_components: bool | None
    active: bool
    unlocked_by: str = ""
    unlocked_at: dt.datetime | None = None
    unlock_reason: str = ""


def casebook_signatures(patient: Patient) -> list[SignatureManifestation]:
    """Every signature of ``patient``'s casebook, oldest first (the one in force is ``active``)."""
    signatures = (
        CasebookSignature.objects.filter(patient=patient)
        .select_related("signed_by", "unlocked_by")
        .order_by("signed_at", "pk")
    )
    return [
        SignatureManifestation(
            printed_name=s.signer_name or s.signed_by.get_username(),
            username=s.signed_by.get_username(),
            signed_at=s.signed_at,
            meaning=s.statement,
            both_components=s.both_components,
            active=s.is_active,
            unlocked_by=s.unlocked_by.get_username() if s.unlocked_by else "",
            unlocked_at=s.unlocked_at,
            unlock_reason=s.unlock_reason,
        )
        for s in signatures
    ]
