"""Enrolment, identifying data and end of study."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from ablacem.dataset import rules
from ablacem.protocol import codelists as cl
from ablacem.protocol.sites import study_id_for, study_id_number

from .. import checks
from ..actors import Actor
from ..models import Assessment, FormState, Patient, PatientIdentity, Site
from ..models.lookups import procedure_date_of
from ..models.patient import PATIENT_FIELDS
from ..roles import Action
from ..sites import default_site, site_today, sites_of
from ._common import check_editable, check_version, lock_for_update, open_for_update, raise_if, require, save_record

#: De-identified exports shift each patient's dates by a secret offset in this range (days), never 0.
DATE_SHIFT_RANGE = (-30, 30)
#: Tries at assigning the next study ID when another enrolment took it at the same moment.
ENROL_ATTEMPTS = 3


def new_date_shift() -> int:
    """A random non-zero per-patient date shift within :data:`DATE_SHIFT_RANGE`."""
    low, high = DATE_SHIFT_RANGE
    while True:
        shift = low + secrets.randbelow(high - low + 1)
        if shift:
            return shift


def next_study_id(site: Site | None = None) -> str:
    """The next system-assigned study ID of ``site`` (default: the default site): its code, a
    hyphen and a number (``ABL-001``, ``TOR-002``, ...; :func:`ablacem.protocol.sites.study_id_for`),
    never reused.

    The number is one more than the highest number in use with that prefix, so deleting or
    importing patients never produces a duplicate; the width grows past 999.
    """
    code = (site or default_site()).code
    in_use = Patient.objects.filter(study_id__startswith=f"{code}-").values_list("study_id", flat=True)
    numbers = [n for sid in in_use if (n := study_id_number(sid, code)) is not None]
    return study_id_for(code, max(numbers, default=0) + 1)


def enrolment_site(actor: Actor, site: Site | str | None) -> Site:
    """The site a patient is enrolled at: ``site`` (a :class:`Site` or its code) when the actor
    reaches it; without one, the only site the actor reaches.

    Raises
    ------
    ValidationError
        On ``site`` when it is unknown or outside the actor's sites (one message for both:
        another site's existence is not confirmed), or missing while the actor reaches several.
    """
    reachable = sites_of(actor)
    if site is None or site == "":
        choices = list(reachable[:2])
        if len(choices) == 1:
            return choices[0]
        if not choices:
            raise ValidationError({"site": "You belong to no site: ask a data manager to give you one."})
        raise ValidationError({"site": "Choose the site that enrols the patient."})
    code = site.code if isinstance(site, Site) else str(site)
    found = reachable.filter(code=code).first()
    if found is None:
        raise ValidationError({"site": f"Site {code!r} is not one of your sites."})
    return found


def contact_data(contact: Mapping | None) -> dict:
    """Contact details as stored: empty text for a missing address, the mobile number without
    spaces, ``none`` for no channel, consent False unless given."""
    contact = contact or {}
    return {
        "email": (contact.get("email") or "").strip(),
        "mobile": rules.normalise_mobile(contact.get("mobile")),
        "contact_channel": contact.get("contact_channel") or cl.CONTACT_NONE,
        "contact_consent": bool(contact.get("contact_consent")),
    }


@transaction.atomic
def patient_enrol(
    *,
    eligibility_confirmed: bool,
    enrolled_on: dt.date,
    age: int,
    sex: str,
    ecog: int,
    diagnosis: str,
    primary_tumour: str,
    name: str = "",
    hospital_number: str = "",
    birth_date: dt.date | None = None,
    language: str = "",
    email: str = "",
    mobile: str = "",
    contact_channel: str = "",
    contact_consent: bool = False,
    site: Site | str | None = None,
    actor: Actor,
) -> Patient:
    """Enrol a patient at a site; the study ID (with the site's code) is assigned by the system.

    Parameters
    ----------
    eligibility_confirmed : bool
        Must be True (the investigator confirmed the inclusion and exclusion criteria).
    enrolled_on : date
        Date of consent (= enrolment).
    age, sex, ecog, diagnosis, primary_tumour
        Baseline characteristics (codes from ``ablacem.protocol.codelists``).
    name, hospital_number, birth_date : optional
        Identifying data, stored apart in :class:`PatientIdentity`.
    language : str, optional
        The language of the patient's questionnaire pages (``patient_language``: ``en``, ``fr``).
    email, mobile, contact_channel, contact_consent : optional
        Contact details for questionnaire messages (see :func:`contact_data`), stored with the identity.
    site : Site or str, optional
        The enrolling site (or its code), one of the actor's; may be left out when the actor
        reaches a single site (:func:`enrolment_site`).
    actor : Actor
        Who enrols (needs ``edit``).

    Returns
    -------
    Patient

    Raises
    ------
    ValidationError
        Per-field messages from :func:`ablacem.edc.checks.check_patient` / ``check_identity``.
    PermissionDenied
    """
    require(actor, Action.EDIT)
    data = {
        "eligibility_confirmed": eligibility_confirmed,
        "enrolled_on": enrolled_on,
        "age": age,
        "sex": sex,
        "ecog": ecog,
        "diagnosis": diagnosis,
        "primary_tumour": primary_tumour,
    }
    identity = {
        "name": name or "",
        "hospital_number": hospital_number or "",
        "birth_date": birth_date,
        "language": language or "",
        **contact_data(
            {"email": email, "mobile": mobile, "contact_channel": contact_channel, "contact_consent": contact_consent}
        ),
    }
    at = enrolment_site(actor, site)
    today = site_today(at)
    raise_if(
        checks.merge(
            checks.check_patient(data, today=today, birth_date=birth_date),
            checks.check_identity(identity, today=today),
        )
    )
    for attempt in range(ENROL_ATTEMPTS):
        patient = Patient(study_id=next_study_id(at), site=at, form_state=FormState.COMPLETE, **data)
        try:
            with transaction.atomic():  # a savepoint: two people enrolling at once may race for the ID
                save_record(patient, actor=actor, reason="enrolment")
            break
        except IntegrityError:
            if attempt == ENROL_ATTEMPTS - 1:
                raise
    save_record(
        PatientIdentity(patient=patient, date_shift_days=new_date_shift(), **identity), actor=actor, reason="enrolment"
    )
    return patient


@transaction.atomic
def patient_update(*, patient: Patient, expected_version: int, reason: str = "", actor: Actor, **fields) -> Patient:
    """Change enrolment data (any of ``eligibility_confirmed, enrolled_on, age, sex, ecog,
    diagnosis, primary_tumour``); a reason is required because the form is complete. The age
    must still match a recorded date of birth (:func:`ablacem.dataset.rules.age_at_enrolment`).

    Raises
    ------
    ValidationError, StaleEditError, RecordLockedError, PermissionDenied
    """
    require(actor, Action.EDIT, patient)
    unknown = set(fields) - set(PATIENT_FIELDS)
    if unknown:
        raise TypeError(f"patient_update() got unexpected field(s): {', '.join(sorted(unknown))}")
    current = open_for_update(patient, expected_version=expected_version, reason=reason)
    data = {f: fields.get(f, getattr(current, f)) for f in PATIENT_FIELDS}
    birth_date = PatientIdentity.objects.filter(patient=current).values_list("birth_date", flat=True).first()
    raise_if(checks.check_patient(data, today=site_today(current.site), birth_date=birth_date))
    for f, v in data.items():
        setattr(current, f, v)
    return save_record(current, actor=actor, reason=reason)


@transaction.atomic
def patient_identity_update(
    *,
    patient: Patient,
    name: str = "",
    hospital_number: str = "",
    birth_date: dt.date | None = None,
    language: str = "",
    email: str = "",
    mobile: str = "",
    contact_channel: str = "",
    contact_consent: bool = False,
    expected_version: int | None,
    reason: str = "",
    actor: Actor,
) -> PatientIdentity:
    """Set the identifying data of a patient (needs ``edit`` and ``view_identifiers``).

    Identifying data are optional; an empty value clears a field. ``expected_version`` is the
    identity record's version. A date of birth must give the recorded age at enrolment
    (:func:`ablacem.dataset.rules.age_at_enrolment`). The contact details for questionnaire
    messages are stored as :func:`contact_data` says and checked by
    :func:`ablacem.dataset.rules.contact_details`.
    """
    require(actor, Action.EDIT, patient)
    require(actor, Action.VIEW_IDENTIFIERS, patient)
    identity = {
        "name": name or "",
        "hospital_number": hospital_number or "",
        "birth_date": birth_date,
        "language": language or "",
        **contact_data(
            {"email": email, "mobile": mobile, "contact_channel": contact_channel, "contact_consent": contact_consent}
        ),
    }
    raise_if(
        checks.check_identity(identity, today=timezone.localdate(), age=patient.age, enrolled_on=patient.enrolled_on)
    )
    record = PatientIdentity.objects.filter(patient=patient).first()
    if record is None:
        record = PatientIdentity(patient=patient, date_shift_days=new_date_shift())
    else:
        record = open_for_update(record, expected_version=expected_version, reason=reason)
    for f, v in identity.items():
        setattr(record, f, v)
    return save_record(record, actor=actor, reason=reason)


@transaction.atomic
def end_of_study_record(
    *,
    patient: Patient,
    end_reason: str,
    end_date: dt.date,
    death_date: dt.date | None = None,
    expected_version: int,
    reason: str = "",
    actor: Actor,
) -> Patient:
    """Record the end of study (completed, died with date, withdrew, lost) on the patient record.

    A first recording needs no reason; changing a recorded end of study does. The death date
    must not be before the procedure nor before any recorded visit (no assessment after death).

    Raises
    ------
    ValidationError, StaleEditError, RecordLockedError, PermissionDenied
    """
    require(actor, Action.EDIT, patient)
    current = lock_for_update(patient)
    check_version(current, expected_version)
    check_editable(current, reason, require_reason=bool(current.end_reason))
    last_visit = (
        Assessment.objects.active()
        .filter(patient=current, status=cl.DONE, assessed_on__isnull=False)
        .aggregate(last=Max("assessed_on"))["last"]
    )
    data = {"end_reason": end_reason, "end_date": end_date, "death_date": death_date}
    raise_if(
        checks.check_end_of_study(
            data,
            procedure_date=procedure_date_of(current),
            enrolled_on=current.enrolled_on,
            last_visit_date=last_visit if end_reason == cl.END_DIED else None,
            today=timezone.localdate(),
        )
    )
    for f, v in data.items():
        setattr(current, f, v)
    return save_record(current, actor=actor, reason=reason or "end of study")
