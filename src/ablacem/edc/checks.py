"""Edit checks: pure functions returning ``{field: [messages]}`` (empty when the data pass).

Field checks read ranges and codes from :mod:`ablacem.protocol` (never re-declared here);
cross-field checks compare dates with the schedule of :mod:`ablacem.protocol.windows`. The
services raise ``ValidationError(errors)`` with these dicts, and the web forms show the
messages next to the fields. Missing values are ``None`` or ``""``; range checks skip them,
``required`` checks catch them.

Soft checks (a cement volume above ``CEMENT_ML_PLAUSIBLE_MAX``) fail unless the field is named
in ``confirmed``: the form then asks the user to confirm the value.

Cross-form rules (age against the date of birth, QLQ-C30 completeness, symptomatic leakage
against its adverse event, seriousness, SINS components against the lesion) are stated once in
:mod:`ablacem.dataset.rules`, which :func:`ablacem.dataset.consistency_problems` runs too;
:func:`from_rules` turns their findings into these per-field messages (a soft finding is
skipped when its ``kind`` is in ``confirmed``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterable, Mapping, Sequence

from ablacem.dataset import rules
from ablacem.dataset.schema import ADVERSE_EVENTS, IDENTIFIERS, Table
from ablacem.protocol import codelists as cl
from ablacem.protocol import ranges as rg
from ablacem.protocol.end_of_study import END_REASON_OF_STATUS
from ablacem.protocol.timepoints import IMAGING_TIMEPOINT_CODES, POST, get_timepoint
from ablacem.protocol.windows import window
from ablacem.scoring.lesion_scores import MIRELS_COMPONENTS, SINS_COMPONENTS

Errors = dict[str, list[str]]

REQUIRED = "a value is required"


def is_missing(value) -> bool:
    """True for None, empty strings and NaN."""
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def merge(*parts: Mapping[str, list[str]]) -> Errors:
    """Merge error dicts, keeping every message once, in order."""
    out: Errors = {}
    for part in parts:
        for field, messages in part.items():
            bucket = out.setdefault(field, [])
            bucket.extend(m for m in messages if m not in bucket)
    return {k: v for k, v in out.items() if v}


def required(data: Mapping, fields: Iterable[str]) -> Errors:
    """``a value is required`` for each listed field that is missing."""
    return {f: [REQUIRED] for f in fields if is_missing(data.get(f))}


def in_ranges(data: Mapping, ranges: Mapping[str, rg.NumericRange]) -> Errors:
    """Range and resolution checks (:meth:`NumericRange.problem`) for present values."""
    out: Errors = {}
    for field, rng in ranges.items():
        value = data.get(field)
        if is_missing(value):
            continue
        try:
            problem = rng.problem(float(value))
        except (TypeError, ValueError):
            problem = f"{rng.name} must be a number"
        if problem:
            out[field] = [problem]
    return out


def text_lengths(data: Mapping, limits: Mapping[str, tuple[str, int]]) -> Errors:
    """Texts no longer than their limit: ``limits`` maps a field to its label and most characters."""
    out: Errors = {}
    for field, (label, limit) in limits.items():
        value = data.get(field)
        if isinstance(value, str) and (message := rg.text_too_long(label, value, limit)):
            out[field] = [message]
    return out


def declared_lengths(table: Table) -> dict[str, tuple[str, int]]:
    """The text limits of ``table``'s columns, as declared in the registry (``Column.max_length``)."""
    return {c.name: (c.label, c.max_length) for c in table.columns if c.max_length is not None}


#: The reasons typed in words (not in the tidy dataset): why a visit was not done or was outside
#: its window.
REASON_LIMITS = {
    "not_done_reason": ("Why the visit was not done", rg.REASON_MAX_CHARS),
    "out_of_window_reason": ("Why outside the window", rg.REASON_MAX_CHARS),
}


def in_codes(data: Mapping, codes: Mapping[str, cl.CodeList]) -> Errors:
    """Code-list checks for present values (integers are compared as their text codes)."""
    out: Errors = {}
    for field, codelist in codes.items():
        value = data.get(field)
        if is_missing(value):
            continue
        text = str(int(value)) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)
        if text not in codelist:
            out[field] = [f"{value!r} is not one of {', '.join(codelist.codes)}"]
    return out


#: What a soft cross-form finding asks of the user.
CONFIRM = "confirm to save it as entered"


def from_rules(
    found: Iterable[rules.Finding], *, confirmed: Collection[str] = (), fields: Mapping[str, str] | None = None
) -> Errors:
    """Per-field messages of the findings of :mod:`ablacem.dataset.rules`.

    Soft findings whose ``kind`` is in ``confirmed`` are left out; the others end with
    :data:`CONFIRM`. ``fields`` moves a finding's field to the one the form has.
    """
    out: Errors = {}
    for finding in found:
        if finding.soft and finding.kind in confirmed:
            continue
        text = f"{finding.message}: {CONFIRM}" if finding.soft else finding.message
        out.setdefault((fields or {}).get(finding.field, finding.field), []).append(text)
    return out


def _date_rule(out: Errors, field: str, ok: bool, message: str) -> None:
    if not ok:
        out.setdefault(field, []).append(message)


def _fmt(d: dt.date) -> str:
    return d.strftime("%Y-%m-%d")


def check_patient(data: Mapping, *, today: dt.date | None = None, birth_date: dt.date | None = None) -> Errors:
    """Enrolment form: eligibility, consent date, age, sex, ECOG, diagnosis and primary tumour.

    ``primary_tumour`` must come from the malignant list for ``malignant`` and from the benign
    list for ``benign`` (:func:`ablacem.dataset.rules.primary_matches_diagnosis`). With the date
    of birth (``data["birth_date"]`` on the enrolment form, else ``birth_date``, the one
    recorded), the age must be the patient's age on the date of consent
    (:func:`ablacem.dataset.rules.age_at_enrolment`).
    """
    errors = merge(
        required(data, ["enrolled_on", "age", "sex", "ecog", "diagnosis", "primary_tumour"]),
        in_ranges(data, {"age": rg.AGE, "ecog": rg.ECOG}),
        in_codes(
            data, {"sex": cl.SEX, "ecog": cl.ECOG, "diagnosis": cl.DIAGNOSIS, "primary_tumour": cl.PRIMARY_TUMOUR}
        ),
    )
    if data.get("eligibility_confirmed") is not True:
        errors.setdefault("eligibility_confirmed", []).append("eligibility must be confirmed before enrolment")
    errors = merge(
        errors,
        from_rules(
            rules.primary_matches_diagnosis(diagnosis=data.get("diagnosis"), primary_tumour=data.get("primary_tumour"))
        ),
    )
    if "age" not in errors:
        birth = data.get("birth_date") or birth_date
        found = rules.age_at_enrolment(age=data.get("age"), birth_date=birth, enrolled_on=data.get("enrolled_on"))
        errors = merge(errors, from_rules(found))
    enrolled = data.get("enrolled_on")
    if isinstance(enrolled, dt.date) and (message := rg.ENROLMENT_DATE.problem(enrolled, today=today)):
        errors.setdefault("enrolled_on", []).append(message)
    return errors


#: The contact details for questionnaire messages, checked together (:func:`ablacem.dataset.rules.contact_details`).
CONTACT_FIELDS = ("email", "mobile", "contact_channel", "contact_consent")


def check_identity(
    data: Mapping, *, today: dt.date | None = None, age: int | None = None, enrolled_on: dt.date | None = None
) -> Errors:
    """Identifying data (all optional): a birth date follows ``ranges.BIRTH_DATE`` (the dataset's
    rule too) and, given the patient's recorded ``age`` and ``enrolled_on``, must give that age on
    the date of consent (:func:`ablacem.dataset.rules.age_at_enrolment`); contact details follow
    :func:`ablacem.dataset.rules.contact_details` (when given)."""
    errors: Errors = {}
    birth = data.get("birth_date")
    if isinstance(birth, dt.date) and (message := rg.BIRTH_DATE.problem(birth, today=today)):
        errors.setdefault("birth_date", []).append(message)
    if "birth_date" not in errors:
        found = rules.age_at_enrolment(age=age, birth_date=birth, enrolled_on=enrolled_on)
        errors = merge(errors, from_rules(found, fields={"age": "birth_date"}))
    errors = merge(
        errors,
        text_lengths(data, declared_lengths(IDENTIFIERS)),
        in_codes(data, {"language": cl.PATIENT_LANGUAGE}),
    )
    if any(f in data for f in CONTACT_FIELDS):
        found = rules.contact_details(**{f: data.get(f) for f in CONTACT_FIELDS})
        errors = merge(errors, in_codes(data, {"contact_channel": cl.CONTACT_CHANNEL}), from_rules(found))
    return errors


def check_lesion(data: Mapping, *, confirmed: Collection[str] = ()) -> Errors:
    """Lesion form: site, type, size; SINS components (Fisher 2010) only for spinal sites,
    Mirels components (Mirels 1989) only for extraspinal sites.

    SINS location and bone lesion that contradict the level or the lesion type, and a Mirels
    lesion that contradicts the type, are soft findings
    (:func:`ablacem.dataset.rules.sins_matches_lesion`, ``mirels_matches_lesion``): confirmed by
    naming their kinds (:data:`SCORE_KINDS`) in ``confirmed``.
    """
    errors = merge(
        required(data, ["site", "lesion_type"]),
        in_codes(data, {"site": cl.LESION_SITE, "lesion_type": cl.LESION_TYPE, **SINS_COMPONENTS, **MIRELS_COMPONENTS}),
        in_ranges(data, {"size_mm": rg.LESION_SIZE_MM}),
    )
    site = data.get("site")
    if site in cl.LESION_SITE:
        region = cl.region_of_site(site)
        wrong = MIRELS_COMPONENTS if region == "spinal" else SINS_COMPONENTS
        score = "Mirels" if region == "spinal" else "SINS"
        for field in wrong:
            if not is_missing(data.get(field)):
                errors.setdefault(field, []).append(
                    f"{score} applies to {'extraspinal' if region == 'spinal' else 'spinal'} lesions only"
                )
        found = (
            rules.sins_matches_lesion(
                site=site,
                lesion_type=data.get("lesion_type"),
                sins_location=data.get("sins_location"),
                sins_bone_lesion=data.get("sins_bone_lesion"),
            )
            if region == "spinal"
            else rules.mirels_matches_lesion(
                lesion_type=data.get("lesion_type"), mirels_lesion=data.get("mirels_lesion")
            )
        )
        errors = merge(errors, from_rules([f for f in found if f.field not in errors], confirmed=confirmed))
    return errors


#: The soft lesion findings a "confirm the score components" box confirms.
SCORE_KINDS = frozenset({"sins_location", "sins_bone_lesion", "mirels_lesion"})


def check_procedure(data: Mapping, *, enrolled_on: dt.date | None = None, today: dt.date | None = None) -> Errors:
    """Procedure session: date (not before enrolment, not in the future), guidance, anaesthesia, duration, stay."""
    errors = merge(
        required(data, ["procedure_date", "guidance", "anaesthesia"]),
        in_codes(data, {"guidance": cl.GUIDANCE, "anaesthesia": cl.ANAESTHESIA}),
        in_ranges(data, {"duration_minutes": rg.DURATION_MINUTES, "length_of_stay_days": rg.LENGTH_OF_STAY_DAYS}),
    )
    day0 = data.get("procedure_date")
    if isinstance(day0, dt.date):
        if enrolled_on is not None:
            _date_rule(errors, "procedure_date", day0 >= enrolled_on, "procedure is before enrolment (consent)")
        if today is not None:
            _date_rule(errors, "procedure_date", day0 <= today, "date is in the future")
    return errors


def check_treated_lesion(data: Mapping, *, confirmed: Collection[str] = ()) -> Errors:
    """One treated lesion: modality, probes, ablation time, cement and leakage, technical success.

    Cement volume must be within ``ranges.CEMENT_ML`` (0-50 mL); above
    ``ranges.CEMENT_ML_PLAUSIBLE_MAX`` it must be confirmed (``"cement_ml" in confirmed``).
    A leakage type (Yeom et al., J Bone Joint Surg Br 2003) and its symptoms are given only
    with a leakage, and a leakage needs its type.
    """
    errors = merge(
        required(data, ["lesion", "modality", "technical_success"]),
        in_codes(data, {"modality": cl.MODALITY, "leakage_type": cl.LEAKAGE_TYPE}),
        in_ranges(data, {"n_probes": rg.N_PROBES, "ablation_minutes": rg.ABLATION_MINUTES, "cement_ml": rg.CEMENT_ML}),
    )
    cement = data.get("cement_ml")
    if (
        not is_missing(cement)
        and "cement_ml" not in errors
        and float(cement) > rg.CEMENT_ML_PLAUSIBLE_MAX
        and "cement_ml" not in confirmed
    ):
        errors["cement_ml"] = [
            f"{float(cement):g} mL is more than {rg.CEMENT_ML_PLAUSIBLE_MAX:g} mL: confirm the volume to save it"
        ]
    leakage = data.get("cement_leakage") is True
    if not leakage and not is_missing(data.get("leakage_type")):
        errors.setdefault("leakage_type", []).append("leakage type given but no leakage recorded")
    if not leakage and data.get("leakage_symptomatic") is not None:
        errors.setdefault("leakage_symptomatic", []).append("symptoms given but no leakage recorded")
    if leakage and is_missing(data.get("leakage_type")):
        errors.setdefault("leakage_type", []).append("give the type of the leakage")
    return errors


QLQ_RANGES = dict(rg.QLQC30_ITEM_RANGE)


def check_assessment(
    data: Mapping,
    *,
    timepoint: str,
    procedure_date: dt.date | None,
    death_date: dt.date | None = None,
    complete: bool = True,
    today: dt.date | None = None,
) -> Errors:
    """A visit that was done: date, VAS 0-10 (one decimal), QLQ-C30 items, window and death.

    Rules: VAS range from ``ranges.VAS``; items from ``ranges.QLQC30_ITEM_RANGE`` (EORTC
    QLQ-C30 v3.0: 1-4, items 29-30 1-7); the date must fall inside the timepoint's window
    (:func:`ablacem.protocol.windows.window`) or ``out_of_window_reason`` must say why; no
    assessment after death; follow-up visits need the procedure date. A complete form
    (``complete=True``) needs the date and worst pain, and all 30 QLQ-C30 items unless
    ``qlqc30_missing_reason`` says why some are blank
    (:func:`ablacem.dataset.rules.qlqc30_completeness`).
    """
    errors = merge(
        required(data, ["assessed_on"]),
        required(data, ["vas_worst"]) if complete else {},
        in_ranges(data, {"vas_worst": rg.VAS, "vas_average": rg.VAS, **QLQ_RANGES}),
        in_codes(data, {"qlqc30_missing_reason": cl.QLQC30_MISSING_REASON}),
        text_lengths(data, REASON_LIMITS),
    )
    if complete:
        found = rules.qlqc30_completeness(data, missing_reason=data.get("qlqc30_missing_reason"))
        errors = merge(errors, from_rules(found))
    on = data.get("assessed_on")
    tp = get_timepoint(timepoint)
    if tp.is_follow_up and procedure_date is None:
        errors.setdefault("assessed_on", []).append("record the procedure before its follow-up visits")
    if isinstance(on, dt.date):
        if today is not None:
            _date_rule(errors, "assessed_on", on <= today, "date is in the future")
        if death_date is not None:
            _date_rule(
                errors, "assessed_on", on <= death_date, f"assessment after the patient's death ({_fmt(death_date)})"
            )
        if procedure_date is not None:
            lower, upper = window(procedure_date, tp)
            if not lower <= on <= upper and is_missing(data.get("out_of_window_reason")):
                errors.setdefault("out_of_window_reason", []).append(
                    f"{_fmt(on)} is outside the {tp.label} window ({_fmt(lower)} to {_fmt(upper)}): give a reason"
                )
    return errors


def check_not_done(
    data: Mapping,
    *,
    timepoint: str | None = None,
    procedure_date: dt.date | None = None,
    end_reason: str | None = None,
    end_date: dt.date | None = None,
    death_date: dt.date | None = None,
) -> Errors:
    """A visit marked not done: a status other than ``done``/``not_due`` and a reason.

    With the patient's end of study (``end_reason``, ``end_date``, ``death_date``; pass
    ``""``/None while in follow-up): ``died`` needs the death recorded at the end of study, and ``withdrawn`` the
    withdrawal; with ``timepoint`` and ``procedure_date``, the death or withdrawal must not be
    after the visit's window closed (a visit whose whole window the patient was still in the
    study is ``missed``). Same convention as the statuses the tidy dataset derives (protocol
    section "Follow-up": everyone is followed until death or 3 months; ``ablacem.protocol``
    windows).
    """
    errors = merge(
        required(data, ["status", "not_done_reason"]),
        in_codes(data, {"status": cl.ASSESSMENT_STATUS}),
        text_lengths(data, REASON_LIMITS),
    )
    status = data.get("status")
    if status in (cl.DONE, cl.NOT_DUE):
        errors.setdefault("status", []).append("choose why the visit was not done (missed, died, withdrawn)")
    if end_reason is None or status not in END_REASON_OF_STATUS:
        return errors
    needed, event = END_REASON_OF_STATUS[status], "death" if status == cl.NOT_DONE_DIED else "withdrawal"
    if status == cl.NOT_DONE_DIED:
        end_date = death_date or end_date
    if end_reason != needed or end_date is None:
        errors.setdefault("status", []).append(
            f"'{cl.ASSESSMENT_STATUS.label_of(status)}' needs the {event} recorded at the end of study first; "
            "otherwise the visit was missed"
        )
    elif timepoint is not None and procedure_date is not None:
        upper = window(procedure_date, timepoint)[1]
        if end_date > upper:
            errors.setdefault("status", []).append(
                f"the {event} ({_fmt(end_date)}) came after this visit's window closed ({_fmt(upper)}): "
                "the visit was missed"
            )
    return errors


def check_analgesic(data: Mapping) -> Errors:
    """One analgesic row: drug, route and unit codes, dose and administrations per day in range."""
    return merge(
        required(data, ["drug", "route", "dose", "unit", "per_day"]),
        in_codes(data, {"drug": cl.ANALGESIC_DRUG, "route": cl.ROUTE, "unit": cl.DOSE_UNIT}),
        in_ranges(data, {"dose": rg.DOSE, "per_day": rg.PER_DAY}),
    )


def check_imaging(
    data: Mapping,
    *,
    procedure_date: dt.date | None,
    death_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Errors:
    """CT of one lesion at ``post`` or ``m3``: not before the procedure, not after death.

    The cement measured on CT (``ct_cement_ml``, ``ct_leakage``; ablacem issue 15) is recorded on
    the post-procedure CT only, within the injected-cement range.
    """
    errors = merge(
        required(data, ["timepoint", "imaged_on", "local_status"]),
        in_codes(data, {"local_status": cl.LOCAL_STATUS}),
        in_ranges(data, {"ct_cement_ml": rg.CEMENT_ML}),
    )
    if not is_missing(data.get("timepoint")) and data["timepoint"] not in IMAGING_TIMEPOINT_CODES:
        errors.setdefault("timepoint", []).append(f"imaging is recorded at {', '.join(IMAGING_TIMEPOINT_CODES)}")
    if data.get("timepoint") not in (None, POST):
        for name in ("ct_cement_ml", "ct_leakage"):
            if not is_missing(data.get(name)):
                errors.setdefault(name, []).append("the CT cement measurement belongs to the post-procedure CT")
    on = data.get("imaged_on")
    if procedure_date is None:
        errors.setdefault("imaged_on", []).append("record the procedure before its imaging")
    elif isinstance(on, dt.date):
        _date_rule(
            errors, "imaged_on", on >= procedure_date, f"imaging is before the procedure ({_fmt(procedure_date)})"
        )
    if isinstance(on, dt.date):
        if death_date is not None:
            _date_rule(errors, "imaged_on", on <= death_date, "imaging after the patient's death")
        if today is not None:
            _date_rule(errors, "imaged_on", on <= today, "date is in the future")
    return errors


def check_adverse_event(
    data: Mapping,
    *,
    enrolled_on: dt.date | None = None,
    death_date: dt.date | None = None,
    today: dt.date | None = None,
    treated: Iterable[rules.Leakage] | None = None,
    lesion_id: str | None = None,
    ae_id: str | None = None,
) -> Errors:
    """Adverse event: onset, term, CIRSE grade 1-6 (Filippiadis 2017), seriousness, relation, course, outcome,
    a description no longer than declared (``schema.ADVERSE_EVENTS``).

    The course (ongoing or resolved on a date not before onset; outcome; awareness not before
    onset) by :func:`ablacem.dataset.rules.ae_course`; no date in the future.

    Onset not before enrolment nor after death. Seriousness and outcome against the grade
    (grade 6, death, is serious and fatal) and ``data["serious_criteria"]`` (ICH E2A;
    :func:`ablacem.dataset.rules.seriousness`); with the procedure's leakage per treated lesion
    (``treated``), a symptomatic-leakage event at ``lesion_id`` must match it
    (:func:`ablacem.dataset.rules.leak_event_matches_procedure`).
    """
    errors = merge(
        required(data, ["onset_date", "term", "cirse_grade", "serious", "related_to"]),
        in_codes(
            data,
            {
                "term": cl.AE_TERM,
                "cirse_grade": cl.CIRSE_GRADE,
                "related_to": cl.AE_RELATION,
                "outcome": cl.AE_OUTCOME,
                "relation_procedure": cl.AE_CAUSALITY,
                "relation_ablation": cl.AE_CAUSALITY,
                "relation_cement": cl.AE_CAUSALITY,
                "expectedness": cl.AE_EXPECTEDNESS,
                "action_taken": cl.AE_ACTION,
            },
        ),
        text_lengths(data, declared_lengths(ADVERSE_EVENTS)),
    )
    found = rules.seriousness(
        cirse_grade=None if "cirse_grade" in errors else data.get("cirse_grade"),
        serious=data.get("serious"),
        criteria=data.get("serious_criteria") or (),
        outcome=data.get("outcome"),
    )
    if treated is not None:
        found += rules.leak_event_matches_procedure(
            term=data.get("term"), lesion_id=lesion_id, treated=treated, ae_id=ae_id
        )
    found += rules.ae_course(
        onset_date=data.get("onset_date"),
        resolution_date=data.get("resolution_date"),
        ongoing=data.get("ongoing"),
        outcome=data.get("outcome"),
        aware_date=data.get("aware_date"),
    )
    errors = merge(errors, from_rules(found))
    onset = data.get("onset_date")
    if isinstance(onset, dt.date):
        if enrolled_on is not None:
            _date_rule(errors, "onset_date", onset >= enrolled_on, "onset is before enrolment")
        if death_date is not None:
            _date_rule(errors, "onset_date", onset <= death_date, "onset is after the patient's death")
        if today is not None:
            _date_rule(errors, "onset_date", onset <= today, "date is in the future")
    for later in ("resolution_date", "aware_date"):
        on = data.get(later)
        if isinstance(on, dt.date) and today is not None:
            _date_rule(errors, later, on <= today, "date is in the future")
    return errors


def check_procedure_leak_events(
    treated: Sequence[rules.Leakage],
    events: Iterable[tuple[str, str | None]],
    *,
    confirmed: Collection[str] = (),
) -> dict[int, Errors]:
    """The procedure's symptomatic leakages against the patient's symptomatic-leakage events.

    ``events`` are ``(ae_id, lesion_id or None)`` of those events. Returns, per position in
    ``treated``, the messages for its ``leakage_symptomatic``: refused when an event has no
    symptomatic leakage left to match (:func:`ablacem.dataset.rules.leak_event_matches_procedure`),
    asked to confirm (kind ``leak_without_event``) when a symptomatic leakage has no event yet
    (:func:`ablacem.dataset.rules.leak_has_event`).
    """
    events = list(events)
    position = {t.lesion_id: i for i, t in enumerate(treated)}
    out: dict[int, Errors] = {}

    def add(i: int, found) -> None:
        for field, messages in from_rules(found, confirmed=confirmed).items():
            out.setdefault(i, {}).setdefault("leakage_symptomatic" if field == "term" else field, []).extend(messages)

    for ae_id, lesion_id in events:
        found = rules.leak_event_matches_procedure(
            term=rules.LEAK_TERM, lesion_id=lesion_id, treated=treated, ae_id=ae_id
        )
        if found and treated:
            add(position.get(lesion_id, 0), found)
    for i, leak in enumerate(treated):
        add(i, rules.leak_has_event(leak, [lesion for _, lesion in events]))
    return out


def check_end_of_study(
    data: Mapping,
    *,
    procedure_date: dt.date | None,
    enrolled_on: dt.date | None = None,
    last_visit_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Errors:
    """End of study: reason and date; a death date exactly when the patient died, not before the
    procedure and not before a recorded visit (no assessment after death)."""
    errors = merge(required(data, ["end_reason", "end_date"]), in_codes(data, {"end_reason": cl.END_REASON}))
    died = data.get("end_reason") == cl.END_DIED
    death, end = data.get("death_date"), data.get("end_date")
    if died and is_missing(death):
        errors.setdefault("death_date", []).append("give the date of death")
    if not died and not is_missing(death):
        errors.setdefault("death_date", []).append(
            f"a date of death is given but the end of study is not '{cl.END_REASON.label_of('died')}'"
        )
    if isinstance(death, dt.date):
        if procedure_date is not None:
            _date_rule(errors, "death_date", death >= procedure_date, "death date is before the procedure")
        if last_visit_date is not None:
            _date_rule(
                errors,
                "death_date",
                death >= last_visit_date,
                f"a visit was recorded after this date ({_fmt(last_visit_date)})",
            )
        if isinstance(end, dt.date):
            _date_rule(errors, "end_date", end >= death, "end of study is before the death date")
    if isinstance(end, dt.date):
        if enrolled_on is not None:
            _date_rule(errors, "end_date", end >= enrolled_on, "end of study is before enrolment")
        if today is not None:
            _date_rule(errors, "end_date", end <= today, "date is in the future")
    return errors
