"""Code lists: stable codes (stored everywhere) with display labels.

A code never changes once data exist; labels may. Every layer (forms, dataset validation,
REDCap dictionary, SPSS value labels, ODM code lists) reads them from here.

Each list is declared here (its Python name, stable name and label, with its source); its
codes and their labels are the rows of ``codelists.csv`` next to this module (``list,code,label``,
in display order), so that the study's vocabulary reads, and is reviewed, as one table.

Sources of the graded lists
---------------------------
- ECOG performance status: Oken MM et al. Toxicity and response criteria of the Eastern
  Cooperative Oncology Group. Am J Clin Oncol 1982;5(6):649-655.
- CIRSE complication grades 1-6: Filippiadis DK et al. Cardiovasc Intervent Radiol
  2017;40(8):1141-1146.
- SIR outcome classes A-F: Sacks D et al. Society of Interventional Radiology clinical practice
  guidelines. J Vasc Interv Radiol 2003;14(9 Pt 2):S199-S202.
- Cement leakage types B, S, C: Yeom JS et al. J Bone Joint Surg Br 2003;85(1):83-89; D
  (intradiscal) as commonly added.
- SINS components and points: Fisher CG et al. Spine 2010;35(22):E1221-9.
- Mirels components and points: Mirels H. Clin Orthop Relat Res 1989;(249):256-264.
- Seriousness criteria of an adverse event: ICH E2A, Clinical Safety Data Management:
  Definitions and Standards for Expedited Reporting (1994), section II.B.
- QLQ-C30 response scales (1-4, 1-7): EORTC QLQ-C30 Scoring Manual, 3rd ed. (Fayers et al.,
  EORTC 2001); only the scale points are declared, never the item wording or anchors.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .timepoints import IMAGING_TIMEPOINT_CODES, TIMEPOINTS, get_timepoint


@dataclass(frozen=True)
class Code:
    """One entry of a code list."""

    code: str
    label: str


@dataclass(frozen=True)
class CodeList:
    """A named, ordered list of codes.

    Attributes
    ----------
    name : str
        Stable name of the list (used for REDCap and ODM code list identifiers).
    label : str
        What the list is.
    items : tuple of Code
        The codes, in display order.
    """

    name: str
    label: str
    items: tuple[Code, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes, in order."""
        return tuple(i.code for i in self.items)

    @property
    def choices(self) -> list[tuple[str, str]]:
        """``(code, label)`` pairs, as Django form choices expect."""
        return [(i.code, i.label) for i in self.items]

    def label_of(self, code: str) -> str:
        """Display label of ``code``.

        Raises
        ------
        KeyError
            If the code is not in the list; the message names the list.
        """
        for i in self.items:
            if i.code == code:
                return i.label
        raise KeyError(f"{code!r} is not a code of {self.name} ({', '.join(self.codes)})")

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


#: The codes of every declared list: one row per code, ``list,code,label``, in display order.
CODES_FILE = Path(__file__).with_name("codelists.csv")


def _read_codes(path: Path) -> dict[str, tuple[Code, ...]]:
    """The codes of each list in ``path``; a code given twice in one list fails at import."""
    codes: dict[str, list[Code]] = {}
    with path.open(newline="", encoding="utf-8") as rows:
        for line, row in enumerate(csv.DictReader(rows), start=2):
            listed = codes.setdefault(row["list"], [])
            if any(c.code == row["code"] for c in listed):
                raise ValueError(f"{path.name} line {line}: code {row['code']!r} is already in list {row['list']}")
            listed.append(Code(row["code"], row["label"]))
    return {name: tuple(items) for name, items in codes.items()}


_CODES = _read_codes(CODES_FILE)


def _cl(name: str, label: str) -> CodeList:
    """The list ``name`` with its codes from :data:`CODES_FILE`.

    Raises
    ------
    KeyError
        If the file has no row for ``name`` (at import).
    """
    try:
        return CodeList(name, label, _CODES[name])
    except KeyError:
        raise KeyError(f"code list {name!r} has no codes in {CODES_FILE.name}") from None


def _named(code_list: CodeList, code: str) -> str:
    """``code``, after checking it is one of ``code_list`` (a renamed code fails at import)."""
    code_list.label_of(code)
    return code


SEX = _cl("sex", "Sex")

#: How a patient wants to receive questionnaire invitations and reminders (an identifier's
#: companion: stored with the contact details, never exported de-identified).
CONTACT_CHANNEL = _cl("contact_channel", "Preferred channel for questionnaire messages")
CONTACT_EMAIL = _named(CONTACT_CHANNEL, "email")
CONTACT_SMS = _named(CONTACT_CHANNEL, "sms")
CONTACT_NONE = _named(CONTACT_CHANNEL, "none")

DIAGNOSIS = _cl("diagnosis", "Diagnosis")
MALIGNANT = _named(DIAGNOSIS, "malignant")
BENIGN = _named(DIAGNOSIS, "benign")

MALIGNANT_PRIMARY = _cl("malignant_primary", "Primary tumour")

BENIGN_LESION = _cl("benign_lesion", "Benign lesion type")

#: The ``primary_tumour`` column holds a malignant primary or, for benign disease, the
#: benign lesion type; ``diagnosis`` says which list applies.
PRIMARY_TUMOUR = CodeList(
    "primary_tumour", "Primary tumour or benign lesion type", MALIGNANT_PRIMARY.items + BENIGN_LESION.items
)

SPINAL_SITES: tuple[str, ...] = (
    tuple(f"C{i}" for i in range(1, 8))
    + tuple(f"T{i}" for i in range(1, 13))
    + tuple(f"L{i}" for i in range(1, 6))
    + tuple(f"S{i}" for i in range(1, 6))
)

EXTRASPINAL_SITES = _cl("extraspinal_site", "Extraspinal site")

LESION_SITE = CodeList(
    "lesion_site",
    "Lesion site",
    tuple(Code(s, s) for s in SPINAL_SITES) + EXTRASPINAL_SITES.items,
)

REGION = _cl("region", "Region")
SPINAL = _named(REGION, "spinal")
EXTRASPINAL = _named(REGION, "extraspinal")


def region_of_site(site: str) -> str:
    """``spinal`` for a vertebral level C1-S5, ``extraspinal`` for the other sites."""
    if site in SPINAL_SITES:
        return SPINAL
    if site in EXTRASPINAL_SITES:
        return EXTRASPINAL
    raise KeyError(f"{site!r} is not a code of lesion_site")


LESION_TYPE = _cl("lesion_type", "Lesion type")

MODALITY = _cl("modality", "Ablation modality")

GUIDANCE = _cl("guidance", "Image guidance")

ANAESTHESIA = _cl("anaesthesia", "Anaesthesia")

ECOG = _cl("ecog", "ECOG performance status")

CIRSE_GRADE = _cl("cirse_grade", "CIRSE complication grade")

SIR_CLASS = _cl("sir_class", "SIR outcome class")

LEAKAGE_TYPE = _cl("leakage_type", "Cement leakage type (Yeom 2003)")

END_REASON = _cl("end_reason", "End of study")
#: Each end of study reason by name.
END_COMPLETED = _named(END_REASON, "completed")
END_DIED = _named(END_REASON, "died")
END_WITHDREW = _named(END_REASON, "withdrew")
END_LOST = _named(END_REASON, "lost")

ASSESSMENT_STATUS = _cl("assessment_status", "Assessment status")
#: The status of a visit that took place: the only one whose answers are analysed.
DONE = _named(ASSESSMENT_STATUS, "done")
#: The other visit statuses by name: missed; not done because the patient died or withdrew
#: (see :mod:`ablacem.protocol.end_of_study`); not yet due.
MISSED = _named(ASSESSMENT_STATUS, "missed")
NOT_DONE_DIED = _named(ASSESSMENT_STATUS, "died")
NOT_DONE_WITHDRAWN = _named(ASSESSMENT_STATUS, "withdrawn")
NOT_DUE = _named(ASSESSMENT_STATUS, "not_due")
#: The statuses of a visit that did not take place (missed, or not done because of the end of study).
NOT_DONE = frozenset(c.code for c in ASSESSMENT_STATUS if c.code not in (DONE, NOT_DUE))

#: Why QLQ-C30 items of a done visit were left unanswered (the visit is then "partially
#: completed"); the study's own reasons, recorded so that a blank is never an oversight.
QLQC30_MISSING_REASON = _cl("qlqc30_missing_reason", "Why QLQ-C30 items are unanswered")

#: Who entered a visit's answers: study staff (transcribing or interviewing) or the patient
#: through the ePRO questionnaire (issue 10).
ASSESSMENT_SOURCE = _cl("assessment_source", "Source of the answers")
SOURCE_STAFF = _named(ASSESSMENT_SOURCE, "staff")
SOURCE_PATIENT = _named(ASSESSMENT_SOURCE, "patient")
#: How a patient-reported questionnaire reached the patient.
ASSESSMENT_CHANNEL = _cl("assessment_channel", "How the patient answered")
CHANNEL_LINK = _named(ASSESSMENT_CHANNEL, "link")
CHANNEL_IN_CLINIC = _named(ASSESSMENT_CHANNEL, "in_clinic")
#: The languages the patient's pages are offered in.
PATIENT_LANGUAGE = _cl("patient_language", "Language of the patient's pages")

LOCAL_STATUS = _cl("local_status", "Local tumour status")
#: Local tumour status read on a CT (Ahmed et al., Radiology 2014;273:241-260).
CONTROLLED = _named(LOCAL_STATUS, "controlled")
LOCAL_PROGRESSION = _named(LOCAL_STATUS, "progression")
NOT_EVALUABLE = _named(LOCAL_STATUS, "not_evaluable")

AE_RELATION = _cl("ae_relation", "Related to")

AE_TERM = _cl("ae_term", "Adverse event")

#: Why an adverse event is serious (ICH E2A, 1994, section II.B); an event may meet several.
SERIOUSNESS_CRITERION = _cl("seriousness_criterion", "Seriousness criterion")

#: Outcome of an adverse event, the ICH E2B(R3) (2016) data element E.i.7 list: recovered/resolved,
#: recovering/resolving, not recovered/not resolved (``ongoing``), recovered with sequelae, fatal,
#: unknown. The codes of the first version (resolved, resolved_sequelae, ongoing, fatal) are kept.
AE_OUTCOME = _cl("ae_outcome", "Outcome")
FATAL = _named(AE_OUTCOME, "fatal")
#: Outcomes of an event that has ended (it has a resolution date) and of one still going on.
AE_RESOLVED = frozenset({_named(AE_OUTCOME, "resolved"), _named(AE_OUTCOME, "resolved_sequelae")})
AE_NOT_RESOLVED = frozenset({_named(AE_OUTCOME, "resolving"), _named(AE_OUTCOME, "ongoing")})

#: Causal relationship of an event to the procedure or to a device, the five levels of MEDDEV
#: 2.7/3 rev. 3 (European Commission, 2015), section 7: not related, unlikely, possible,
#: probable, causal relationship.
AE_CAUSALITY = _cl("ae_causality", "Causal relationship")
#: The levels counted as "related" (MEDDEV 2.7/3 rev. 3: possible, probable, causal).
AE_RELATED = frozenset(
    {_named(AE_CAUSALITY, "possible"), _named(AE_CAUSALITY, "probable"), _named(AE_CAUSALITY, "causal")}
)

#: Expectedness against the reference safety information (ICH E2A, 1994, section II.C;
#: for a device, "anticipated" of ISO 14155:2020, 3.2 and 3.51).
AE_EXPECTEDNESS = _cl("ae_expectedness", "Expectedness")
UNEXPECTED = _named(AE_EXPECTEDNESS, "unexpected")

#: Action taken because of the event (the study's list; the procedure is a single session, so
#: there is no dose to change or device to withdraw).
AE_ACTION = _cl("ae_action", "Action taken")

ROUTE = _cl("route", "Route")

DOSE_UNIT = _cl("dose_unit", "Dose unit")

ANALGESIC_DRUG = _cl("analgesic_drug", "Analgesic")

#: Which ``ANALGESIC_DRUG`` codes are opioids (the rest are non-opioid analgesics/adjuvants).
OPIOIDS: frozenset[str] = frozenset(
    {
        "morphine",
        "codeine",
        "hydrocodone",
        "hydromorphone",
        "oxycodone",
        "oxymorphone",
        "tapentadol",
        "tramadol",
        "methadone",
        "fentanyl",
        "buprenorphine",
        "dihydrocodeine",
    }
)

TIMEPOINT = CodeList("timepoint", "Timepoint", tuple(Code(tp.code, tp.label) for tp in TIMEPOINTS))
IMAGING_TIMEPOINT = CodeList(
    "imaging_timepoint",
    "Imaging timepoint",
    tuple(Code(code, get_timepoint(code).label) for code in IMAGING_TIMEPOINT_CODES),
)

# Lesion score components (codes are the points each answer scores).
SINS_LOCATION = _cl("sins_location", "SINS location")
SINS_PAIN = _cl("sins_pain", "SINS pain")
SINS_BONE_LESION = _cl("sins_bone_lesion", "SINS bone lesion")
SINS_ALIGNMENT = _cl("sins_alignment", "SINS radiographic alignment")
SINS_COLLAPSE = _cl("sins_collapse", "SINS vertebral body collapse")
SINS_POSTEROLATERAL = _cl("sins_posterolateral", "SINS posterolateral involvement")
MIRELS_SITE = _cl("mirels_site", "Mirels site")
MIRELS_PAIN = _cl("mirels_pain", "Mirels pain")
MIRELS_LESION = _cl("mirels_lesion", "Mirels lesion")
MIRELS_SIZE = _cl("mirels_size", "Mirels size (cortex involved)")

QLQC30_4PT = _cl("qlqc30_4pt", "QLQ-C30 response (items 1-28)")
QLQC30_7PT = _cl("qlqc30_7pt", "QLQ-C30 response (items 29-30)")

ALL_CODE_LISTS: dict[str, CodeList] = {
    cl.name: cl
    for cl in (
        SEX,
        CONTACT_CHANNEL,
        DIAGNOSIS,
        MALIGNANT_PRIMARY,
        BENIGN_LESION,
        PRIMARY_TUMOUR,
        EXTRASPINAL_SITES,
        LESION_SITE,
        REGION,
        LESION_TYPE,
        MODALITY,
        GUIDANCE,
        ANAESTHESIA,
        ECOG,
        CIRSE_GRADE,
        SIR_CLASS,
        LEAKAGE_TYPE,
        END_REASON,
        ASSESSMENT_STATUS,
        LOCAL_STATUS,
        AE_RELATION,
        AE_TERM,
        AE_OUTCOME,
        AE_CAUSALITY,
        AE_EXPECTEDNESS,
        AE_ACTION,
        SERIOUSNESS_CRITERION,
        QLQC30_MISSING_REASON,
        ASSESSMENT_SOURCE,
        ASSESSMENT_CHANNEL,
        PATIENT_LANGUAGE,
        ROUTE,
        DOSE_UNIT,
        ANALGESIC_DRUG,
        TIMEPOINT,
        IMAGING_TIMEPOINT,
        SINS_LOCATION,
        SINS_PAIN,
        SINS_BONE_LESION,
        SINS_ALIGNMENT,
        SINS_COLLAPSE,
        SINS_POSTEROLATERAL,
        MIRELS_SITE,
        MIRELS_PAIN,
        MIRELS_LESION,
        MIRELS_SIZE,
        QLQC30_4PT,
        QLQC30_7PT,
    )
}

_undeclared = sorted(set(_CODES) - set(ALL_CODE_LISTS))
if _undeclared:
    raise KeyError(f"{CODES_FILE.name} lists codes of undeclared code list(s): {', '.join(_undeclared)}")
