"""Cross-form rules, each stated once.

The EDC applies them when a form is saved (:mod:`ablacem.edc.checks`: refused, or asked to be
confirmed for a ``soft`` finding) and :func:`ablacem.dataset.consistency_problems` lists them
on a whole dataset. Pure Python on plain values (no pandas, no Django), so that both callers
run the very same statement. Each rule returns :class:`Finding` objects whose messages use the
labels a person reads (code-list labels from :mod:`ablacem.protocol.codelists`), never codes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from ablacem.protocol import codelists as cl
from ablacem.protocol.ranges import QLQC30_ITEMS
from ablacem.scoring.lesion_scores import MIRELS_LESION_BY_TYPE, SINS_BONE_LESION_BY_TYPE, SINS_LOCATION_BY_LEVEL

#: The adverse-event term of a symptomatic cement leakage (``codelists.AE_TERM``).
LEAK_TERM = "cement_leak_symptomatic"
#: CIRSE grade of death, and the lowest grade this protocol counts as serious.
CIRSE_DEATH = 6
CIRSE_SERIOUS_FROM = 3


@dataclass(frozen=True)
class Finding:
    """One broken rule.

    Attributes
    ----------
    field : str
        The field (tidy column) the message belongs next to.
    message : str
        The rule, in the words of the form (labels, not codes).
    soft : bool
        A plausibility warning the user may confirm at save; otherwise the save is refused.
    kind : str
        Stable name of the rule (what a form's confirmation box refers to).
    """

    field: str
    message: str
    soft: bool = False
    kind: str = ""


def _missing(value) -> bool:
    """True for None, "", NaN and pandas' missing markers (``pd.NA``, ``NaT``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(value != value)  # NaT and NaN are not equal to themselves
    except TypeError:
        return True  # pd.NA refuses bool()


def _label(codes: cl.CodeList, code) -> str:
    text = str(int(code)) if isinstance(code, int | float) and not isinstance(code, bool) else str(code)
    try:
        return codes.label_of(text)
    except KeyError:
        return text


def _points(value) -> int | None:
    """A score component as an integer; None when missing or not a number (other checks say so)."""
    if _missing(value):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _date(value) -> dt.date | None:
    if _missing(value) or not isinstance(value, dt.date):
        return None
    return value.date() if isinstance(value, dt.datetime) else value


# Enrolment ----------------------------------------------------------------------------------


def completed_years(birth: dt.date, on: dt.date) -> int:
    """Age in completed years on ``on`` (the birthday counts from its own day)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


#: The kind of :func:`age_at_enrolment`'s finding.
AGE_BIRTH_DATE = "age_birth_date"


def age_at_enrolment(*, age, birth_date, enrolled_on) -> list[Finding]:
    """Age at enrolment must be the completed years between the date of birth and consent.

    Only checked when all three are known. The message never shows the date of birth (an
    identifier; the enrolment form may be open to a role that may not see it).
    """
    birth, enrolled, age = _date(birth_date), _date(enrolled_on), _points(age)
    if age is None or birth is None or enrolled is None or birth > enrolled:
        return []
    years = completed_years(birth, enrolled)
    if age == years:
        return []
    return [
        Finding(
            "age",
            f"Age at enrolment {age} does not match the date of birth: the patient was {years} on the date of consent",
            kind=AGE_BIRTH_DATE,
        )
    ]


def primary_matches_diagnosis(*, diagnosis, primary_tumour) -> list[Finding]:
    """A malignant diagnosis needs a malignant primary, a benign one a benign lesion type."""
    malignant = diagnosis == cl.MALIGNANT and primary_tumour in cl.BENIGN_LESION
    benign = diagnosis == cl.BENIGN and primary_tumour in cl.MALIGNANT_PRIMARY
    if not (malignant or benign):
        return []
    kind = "a benign lesion type" if malignant else "a malignant primary"
    return [
        Finding(
            "primary_tumour",
            f"{_label(cl.PRIMARY_TUMOUR, primary_tumour)} is {kind}, but the diagnosis is "
            f"{_label(cl.DIAGNOSIS, diagnosis).lower()}",
            kind="primary_diagnosis",
        )
    ]


# Visits -------------------------------------------------------------------------------------


def unanswered_items(items: Mapping) -> list[str]:
    """The QLQ-C30 items (``q1``..``q30``) without an answer, in order."""
    return [q for q in QLQC30_ITEMS if _missing(items.get(q))]


def qlqc30_completeness(items: Mapping, *, missing_reason) -> list[Finding]:
    """A completed visit answers all 30 QLQ-C30 items, or says why some were left blank.

    EORTC QLQ-C30 Scoring Manual, 3rd ed. (Fayers et al., EORTC 2001): scale scores are
    computed when at least half of a scale's items are answered, so a blank item is data the
    analysis handles, but only a blank that was meant (and explained) is one; a blank by
    oversight is a capture error. ``missing_reason`` is a code of
    ``codelists.QLQC30_MISSING_REASON``.
    """
    blank = unanswered_items(items)
    reason_given = not _missing(missing_reason)
    if blank and not reason_given:
        if len(blank) == len(QLQC30_ITEMS):
            which = f"none of the {len(QLQC30_ITEMS)} QLQ-C30 items is answered"
        elif len(blank) > 10:
            which = f"{len(blank)} of {len(QLQC30_ITEMS)} QLQ-C30 items are unanswered"
        else:
            numbers = ", ".join(q[1:] for q in blank)
            many = len(blank) > 1
            which = f"QLQ-C30 item{'s' if many else ''} {numbers} {'are' if many else 'is'} unanswered"
        return [
            Finding(
                "qlqc30_missing_reason",
                f"{which}: answer them, or mark the questionnaire partially completed and say why",
                kind="qlqc30_partial",
            )
        ]
    if reason_given and not blank:
        return [
            Finding(
                "qlqc30_missing_reason",
                "every QLQ-C30 item is answered: remove the reason for unanswered items",
                kind="qlqc30_partial",
            )
        ]
    return []


# Lesions ------------------------------------------------------------------------------------


def sins_matches_lesion(*, site, lesion_type, sins_location=None, sins_bone_lesion=None) -> list[Finding]:
    """SINS location and bone-lesion components that contradict the lesion's own level or type.

    Source: Fisher CG et al. Spine 2010;35(22):E1221-9. Location: junctional (occiput-C2,
    C7-T2, T11-L1, L5-S1) 3, mobile spine (C3-C6, L2-L4) 2, semi-rigid (T3-T10) 1, rigid
    (S2-S5) 0; bone lesion: lytic 2, mixed 1, blastic 0. A warning the user may confirm
    (``soft``): the radiologist scored the images, the form may hold the typo.
    """
    location = SINS_LOCATION_BY_LEVEL.get(site) if isinstance(site, str) else None
    bone_lesion = SINS_BONE_LESION_BY_TYPE.get(lesion_type) if isinstance(lesion_type, str) else None
    checks = (
        (
            "sins_location",
            location,
            sins_location,
            lambda: (
                f"{site} is {_lower_first(_label(cl.SINS_LOCATION, location))} for the SINS location, not "
                f"{_lower_first(_label(cl.SINS_LOCATION, sins_location))}"
            ),
        ),
        (
            "sins_bone_lesion",
            bone_lesion,
            sins_bone_lesion,
            lambda: (
                f"the lesion is {_label(cl.LESION_TYPE, lesion_type).lower()}, but its SINS bone lesion is "
                f"scored {_label(cl.SINS_BONE_LESION, sins_bone_lesion).lower()}"
            ),
        ),
    )
    return [
        Finding(field, message(), soft=True, kind=field)
        for field, expected, given, message in checks
        if expected is not None and _points(given) is not None and _points(given) != expected
    ]


def mirels_matches_lesion(*, lesion_type, mirels_lesion=None) -> list[Finding]:
    """Mirels lesion component against the lesion type (Mirels H. Clin Orthop Relat Res
    1989;(249):256-264: blastic 1, mixed 2, lytic 3); a warning the user may confirm."""
    expected = MIRELS_LESION_BY_TYPE.get(lesion_type) if isinstance(lesion_type, str) else None
    if expected is None or _points(mirels_lesion) in (None, expected):
        return []
    return [
        Finding(
            "mirels_lesion",
            f"the lesion is {_label(cl.LESION_TYPE, lesion_type).lower()}, but its Mirels lesion is scored "
            f"{_label(cl.MIRELS_LESION, mirels_lesion).lower()}",
            soft=True,
            kind="mirels_lesion",
        )
    ]


# Adverse events and the procedure -----------------------------------------------------------


@dataclass(frozen=True)
class Leakage:
    """What the procedure recorded about cement leakage at one treated lesion."""

    lesion_id: str
    cement_leakage: bool | None
    leakage_symptomatic: bool | None

    @property
    def symptomatic(self) -> bool:
        return self.cement_leakage is True and self.leakage_symptomatic is True

    @property
    def not_symptomatic(self) -> bool:
        """The procedure says so explicitly: no leakage, or a leakage marked not symptomatic."""
        return self.cement_leakage is False or self.leakage_symptomatic is False


def _concerned(lesion_id, treated: Iterable[Leakage]) -> list[Leakage]:
    rows = list(treated)
    if _missing(lesion_id):
        return rows
    return [t for t in rows if t.lesion_id == lesion_id]


def leak_event_matches_procedure(*, term, lesion_id, treated: Iterable[Leakage], ae_id=None) -> list[Finding]:
    """A symptomatic cement leakage event needs the procedure to record a symptomatic leakage.

    Refused when every treated lesion the event concerns (its lesion, or all of them when the
    event is not lesion-specific) is recorded without leakage or with a leakage that was not
    symptomatic; nothing is said before the procedure is recorded. Leakage as in Yeom JS et
    al., J Bone Joint Surg Br 2003;85(1):83-89.
    """
    if term != LEAK_TERM:
        return []
    rows = _concerned(lesion_id, treated)
    if not rows or not all(t.not_symptomatic for t in rows):
        return []
    where = f"lesion {lesion_id}" if not _missing(lesion_id) else "any treated lesion"
    event = f"adverse event {ae_id}" if not _missing(ae_id) else "the adverse event"
    return [
        Finding(
            "term",
            f"{event} is a '{_label(cl.AE_TERM, LEAK_TERM)}', but the procedure records no symptomatic "
            f"leakage at {where}: correct the procedure or the event",
            kind="leak_event",
        )
    ]


def leak_has_event(leak: Leakage, event_lesions: Collection) -> list[Finding]:
    """A symptomatic leakage recorded at the procedure needs its adverse event.

    ``event_lesions`` are the lesion IDs of the patient's symptomatic-leakage events (missing
    for an event that is not lesion-specific, which covers every lesion). A ``soft`` finding
    at the procedure's save: the event is usually recorded after the procedure form.
    """
    if not leak.symptomatic:
        return []
    if any(_missing(x) or x == leak.lesion_id for x in event_lesions):
        return []
    return [
        Finding(
            "leakage_symptomatic",
            f"a symptomatic leakage at lesion {leak.lesion_id} needs an adverse event "
            f"'{_label(cl.AE_TERM, LEAK_TERM)}': record it",
            soft=True,
            kind="leak_without_event",
        )
    ]


def seriousness(*, cirse_grade, serious, criteria: Collection[str], outcome=None) -> list[Finding]:
    """Seriousness of an adverse event against its CIRSE grade and its criteria.

    - A serious event names at least one criterion, a non-serious event none (criteria of
      ICH E2A, Clinical Safety Data Management: Definitions and Standards for Expedited
      Reporting, 1994, section II.B: death, life-threatening, inpatient hospitalisation or its
      prolongation, persistent or significant disability, congenital anomaly, other important
      medical event).
    - CIRSE grade 6 is death (Filippiadis DK et al., Cardiovasc Intervent Radiol
      2017;40(8):1141-1146): serious, with the criterion death, and its outcome (when given)
      is fatal.
    - CIRSE grade 3 or more (additional therapy or a stay over 48 h, permanent sequelae,
      death) is serious in this protocol (prolonged hospitalisation, disability or an
      important medical event).
    """
    out = []
    grade = _points(cirse_grade)
    named = {c for c in criteria if c in cl.SERIOUSNESS_CRITERION}
    if grade is not None and grade >= CIRSE_SERIOUS_FROM and serious is False:
        what = "death" if grade == CIRSE_DEATH else f"CIRSE grade {grade}"
        out.append(Finding("serious", f"a {what} event is a serious adverse event", kind="seriousness"))
    if serious is True and not named:
        out.append(
            Finding("serious_criteria", "a serious adverse event needs its seriousness criteria", kind="seriousness")
        )
    if serious is False and named:
        out.append(
            Finding(
                "serious_criteria",
                "seriousness criteria are given but the event is not marked serious",
                kind="seriousness",
            )
        )
    if grade == CIRSE_DEATH and not _missing(outcome) and outcome != cl.FATAL:
        out.append(
            Finding(
                "outcome",
                f"a CIRSE grade 6 event is fatal: its outcome is '{_label(cl.AE_OUTCOME, 'fatal')}'",
                kind="seriousness",
            )
        )
    if grade == CIRSE_DEATH and serious is not False and named and "death" not in named:
        out.append(
            Finding(
                "serious_criteria",
                f"a CIRSE grade 6 event is a death: tick '{_label(cl.SERIOUSNESS_CRITERION, 'death')}'",
                kind="seriousness",
            )
        )
    return out


def ae_course(*, onset_date, resolution_date, ongoing, outcome=None, aware_date=None) -> list[Finding]:
    """Course of an adverse event: resolution against onset, ongoing status and outcome; awareness.

    - An event is either ongoing or resolved on a date, never both; an event marked not
      ongoing needs its resolution date (CDISC SDTMIG 3.4, AE domain: AEENDTC or AEENRF).
    - The resolution date is not before the onset date, nor is the date staff became aware.
    - An outcome of an ended event (resolved, resolved with sequelae) has a resolution date; an
      outcome of an event still going on (resolving, not resolved) is ongoing (outcome list of
      ICH E2B(R3) (2016), E.i.7).

    Missing values break no rule here (``ongoing`` missing: recorded before it existed).
    """
    out = []
    onset, resolved_on, aware = _date(onset_date), _date(resolution_date), _date(aware_date)
    is_ongoing = None if _missing(ongoing) else bool(ongoing)
    if is_ongoing is True and resolved_on is not None:
        out.append(Finding("resolution_date", "an ongoing event has no resolution date", kind="course"))
    if is_ongoing is False and resolved_on is None:
        out.append(Finding("resolution_date", "give the resolution date, or mark the event ongoing", kind="course"))
    if onset is not None and resolved_on is not None and resolved_on < onset:
        out.append(Finding("resolution_date", "resolution is before the onset", kind="course"))
    if onset is not None and aware is not None and aware < onset:
        out.append(Finding("aware_date", "staff cannot become aware before the onset", kind="course"))
    if not _missing(outcome):
        if outcome in cl.AE_RESOLVED and is_ongoing is True:
            out.append(
                Finding(
                    "outcome",
                    f"an event whose outcome is '{_lower_first(_label(cl.AE_OUTCOME, outcome))}' is not ongoing: "
                    "give its resolution date",
                    kind="course",
                )
            )
        if outcome in cl.AE_NOT_RESOLVED and is_ongoing is False:
            out.append(
                Finding(
                    "outcome",
                    f"an event whose outcome is '{_lower_first(_label(cl.AE_OUTCOME, outcome))}' is ongoing",
                    kind="course",
                )
            )
    return out


#: A plain email address: one ``@``, no spaces, a dot in the domain (what a mail server accepts;
#: the full RFC 5322 grammar is not needed to catch the typos staff make).
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
#: A mobile number in international (E.164) form: ``+``, country code, 8 to 15 digits in all
#: (ITU-T Recommendation E.164, 11/2010); spaces, dots and dashes between digits are allowed.
_MOBILE = re.compile(r"^\+[1-9][0-9]{7,14}$")


def normalise_mobile(value) -> str:
    """A mobile number without the spaces, dots, dashes and brackets people type (``+33 6 12`` -> ``+33612``)."""
    return re.sub(r"[\s.()\-]", "", str(value or ""))


def contact_details(*, email, mobile, contact_channel, contact_consent) -> list[Finding]:
    """Contact details for questionnaire messages (issue 10): valid addresses, and the channel's one given.

    An email address must look like ``name@domain.tld``; a mobile number must be in international
    form (ITU-T E.164: ``+`` and the country code). A patient who chose email or SMS must have
    agreed to be contacted and have that address.
    """
    found: list[Finding] = []
    if not _missing(email) and not _EMAIL.match(str(email).strip()):
        found.append(Finding("email", "not an email address (expected name@domain, e.g. jane@example.org)"))
    if not _missing(mobile) and not _MOBILE.match(normalise_mobile(mobile)):
        found.append(
            Finding("mobile", "not a mobile number in international form (+ and country code, e.g. +44 7700 900123)")
        )
    if contact_channel in (cl.CONTACT_EMAIL, cl.CONTACT_SMS):
        label = _label(cl.CONTACT_CHANNEL, contact_channel)
        field, address = ("email", email) if contact_channel == cl.CONTACT_EMAIL else ("mobile", mobile)
        if _missing(address):
            found.append(Finding(field, f"required when the preferred channel is {label}"))
        if _missing(contact_consent) or not bool(contact_consent):
            found.append(
                Finding("contact_consent", f"messages by {label} need the patient's agreement to be contacted")
            )
    return found
