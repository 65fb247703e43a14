"""Code lists: stable codes (stored everywhere) with display labels.

A code never changes once data exist; labels may. Every layer (forms, dataset validation,
REDCap dictionary, SPSS value labels, ODM code lists) reads them from here.

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

from dataclasses import dataclass

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


def _cl(name: str, label: str, *pairs: tuple[str, str]) -> CodeList:
    return CodeList(name, label, tuple(Code(c, lab) for c, lab in pairs))


def _named(code_list: CodeList, code: str) -> str:
    """``code``, after checking it is one of ``code_list`` (a renamed code fails at import)."""
    code_list.label_of(code)
    return code


SEX = _cl("sex", "Sex", ("F", "Female"), ("M", "Male"))

DIAGNOSIS = _cl("diagnosis", "Diagnosis", ("malignant", "Malignant"), ("benign", "Benign"))

MALIGNANT_PRIMARY = _cl(
    "malignant_primary",
    "Primary tumour",
    ("breast", "Breast"),
    ("lung", "Lung"),
    ("renal", "Renal"),
    ("prostate", "Prostate"),
    ("thyroid", "Thyroid"),
    ("colorectal", "Colorectal"),
    ("hepatocellular", "Hepatocellular"),
    ("melanoma", "Melanoma"),
    ("myeloma", "Myeloma"),
    ("sarcoma", "Sarcoma"),
    ("unknown_primary", "Unknown primary"),
    ("other_malignant", "Other malignant"),
)

BENIGN_LESION = _cl(
    "benign_lesion",
    "Benign lesion type",
    ("aggressive_haemangioma", "Aggressive haemangioma"),
    ("giant_cell_tumour", "Giant cell tumour"),
    ("aneurysmal_bone_cyst", "Aneurysmal bone cyst"),
    ("osteoid_osteoma", "Osteoid osteoma"),
    ("fibrous_dysplasia", "Fibrous dysplasia"),
    ("other_benign", "Other benign"),
)

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

EXTRASPINAL_SITES = _cl(
    "extraspinal_site",
    "Extraspinal site",
    ("acetabulum", "Acetabulum"),
    ("ilium", "Ilium"),
    ("ischium", "Ischium"),
    ("pubis", "Pubis"),
    ("sacrum", "Sacrum (ala / non-vertebral)"),
    ("femur", "Femur"),
    ("humerus", "Humerus"),
    ("tibia", "Tibia"),
    ("rib", "Rib"),
    ("sternum", "Sternum"),
    ("scapula", "Scapula"),
    ("clavicle", "Clavicle"),
    ("other", "Other extraspinal"),
)

LESION_SITE = CodeList(
    "lesion_site",
    "Lesion site",
    tuple(Code(s, s) for s in SPINAL_SITES) + EXTRASPINAL_SITES.items,
)

REGION = _cl("region", "Region", ("spinal", "Spinal"), ("extraspinal", "Extraspinal"))


def region_of_site(site: str) -> str:
    """``spinal`` for a vertebral level C1-S5, ``extraspinal`` for the other sites."""
    if site in SPINAL_SITES:
        return "spinal"
    if site in EXTRASPINAL_SITES:
        return "extraspinal"
    raise KeyError(f"{site!r} is not a code of lesion_site")


LESION_TYPE = _cl("lesion_type", "Lesion type", ("lytic", "Lytic"), ("blastic", "Blastic"), ("mixed", "Mixed"))

MODALITY = _cl(
    "modality",
    "Ablation modality",
    ("rfa", "Bipolar radiofrequency ablation (OsteoCool)"),
    ("cryo", "Cryoablation (Visual ICE)"),
)

GUIDANCE = _cl(
    "guidance",
    "Image guidance",
    ("ct", "CT"),
    ("us", "Ultrasound"),
    ("fluoro", "Fluoroscopy"),
    ("ct_fluoro", "CT + fluoroscopy"),
)

ANAESTHESIA = _cl(
    "anaesthesia",
    "Anaesthesia",
    ("local", "Local"),
    ("sedation", "Conscious sedation"),
    ("general", "General"),
)

ECOG = _cl(
    "ecog",
    "ECOG performance status",
    ("0", "0 Fully active"),
    ("1", "1 Restricted in strenuous activity"),
    ("2", "2 Ambulatory, self-care, unable to work"),
    ("3", "3 Limited self-care"),
    ("4", "4 Completely disabled"),
)

CIRSE_GRADE = _cl(
    "cirse_grade",
    "CIRSE complication grade",
    ("1", "1 Solved within the same session"),
    ("2", "2 Observation or stay < 48 h, no additional therapy"),
    ("3", "3 Additional therapy or stay > 48 h"),
    ("4", "4 Mild permanent sequelae"),
    ("5", "5 Severe permanent sequelae"),
    ("6", "6 Death"),
)

SIR_CLASS = _cl(
    "sir_class",
    "SIR outcome class",
    ("A", "A No therapy, no consequence"),
    ("B", "B Nominal therapy, overnight observation"),
    ("C", "C Therapy, minor hospitalisation (< 48 h)"),
    ("D", "D Major therapy, unplanned increase in care"),
    ("E", "E Permanent adverse sequelae"),
    ("F", "F Death"),
)

LEAKAGE_TYPE = _cl(
    "leakage_type",
    "Cement leakage type (Yeom 2003)",
    ("B", "B Basivertebral vein"),
    ("S", "S Segmental vein"),
    ("C", "C Cortical defect"),
    ("D", "D Intradiscal"),
)

END_REASON = _cl(
    "end_reason",
    "End of study",
    ("completed", "Completed 3-month follow-up"),
    ("died", "Died"),
    ("withdrew", "Withdrew"),
    ("lost", "Lost to follow-up"),
)

ASSESSMENT_STATUS = _cl(
    "assessment_status",
    "Assessment status",
    ("done", "Done"),
    ("missed", "Missed"),
    ("died", "Not done: patient died"),
    ("withdrawn", "Not done: patient withdrew"),
    ("not_due", "Not yet due"),
)
#: The status of a visit that took place: the only one whose answers are analysed.
DONE = _named(ASSESSMENT_STATUS, "done")
#: The status of a visit whose window has not closed and that recorded nothing (not missing yet).
NOT_DUE = _named(ASSESSMENT_STATUS, "not_due")
#: The statuses of a visit that did not take place (missed, or not done because of the end of study).
NOT_DONE = frozenset(c.code for c in ASSESSMENT_STATUS if c.code not in (DONE, NOT_DUE))

#: Why QLQ-C30 items of a done visit were left unanswered (the visit is then "partially
#: completed"); the study's own reasons, recorded so that a blank is never an oversight.
QLQC30_MISSING_REASON = _cl(
    "qlqc30_missing_reason",
    "Why QLQ-C30 items are unanswered",
    ("declined", "Patient declined some items"),
    ("too_unwell", "Patient too unwell to complete it"),
    ("not_returned", "Questionnaire not returned"),
    ("not_administered", "Not administered (staff, visit by telephone)"),
    ("other", "Other reason"),
)

LOCAL_STATUS = _cl(
    "local_status",
    "Local tumour status",
    ("controlled", "Controlled"),
    ("progression", "Local progression"),
    ("not_evaluable", "Not evaluable"),
)
#: Local tumour status read on a CT (Ahmed et al., Radiology 2014;273:241-260).
CONTROLLED = _named(LOCAL_STATUS, "controlled")
LOCAL_PROGRESSION = _named(LOCAL_STATUS, "progression")

AE_RELATION = _cl(
    "ae_relation",
    "Related to",
    ("ablation", "Ablation"),
    ("cement", "Cementoplasty"),
    ("anaesthesia", "Anaesthesia"),
    ("other", "Other / unrelated"),
)

AE_TERM = _cl(
    "ae_term",
    "Adverse event",
    ("pain_flare", "Pain flare"),
    ("haematoma", "Haematoma"),
    ("skin_burn", "Skin burn"),
    ("nerve_injury", "Nerve injury / radiculopathy"),
    ("infection", "Infection"),
    ("cement_leak_symptomatic", "Symptomatic cement leakage"),
    ("cement_embolism", "Pulmonary cement embolism"),
    ("fracture", "Fracture"),
    ("vasovagal", "Vasovagal reaction"),
    ("anaesthesia_reaction", "Anaesthesia-related event"),
    ("death", "Death"),
    ("other", "Other"),
)

#: Why an adverse event is serious (ICH E2A, 1994, section II.B); an event may meet several.
SERIOUSNESS_CRITERION = _cl(
    "seriousness_criterion",
    "Seriousness criterion",
    ("death", "Results in death"),
    ("life_threat", "Life-threatening"),
    ("hospitalisation", "Requires hospitalisation or prolongs it"),
    ("disability", "Persistent or significant disability / incapacity"),
    ("congenital", "Congenital anomaly / birth defect"),
    ("important_event", "Other important medical event"),
)

AE_OUTCOME = _cl(
    "ae_outcome",
    "Outcome",
    ("resolved", "Resolved"),
    ("resolved_sequelae", "Resolved with sequelae"),
    ("ongoing", "Ongoing"),
    ("fatal", "Fatal"),
)

ROUTE = _cl(
    "route",
    "Route",
    ("oral", "Oral"),
    ("transdermal", "Transdermal"),
    ("iv", "Intravenous"),
    ("sc", "Subcutaneous"),
    ("im", "Intramuscular"),
    ("sublingual", "Sublingual / buccal"),
    ("rectal", "Rectal"),
    ("intranasal", "Intranasal"),
)

DOSE_UNIT = _cl("dose_unit", "Dose unit", ("mg", "mg"), ("mcg", "mcg"), ("mcg/h", "mcg/h"), ("g", "g"))

ANALGESIC_DRUG = _cl(
    "analgesic_drug",
    "Analgesic",
    ("morphine", "Morphine"),
    ("codeine", "Codeine"),
    ("hydrocodone", "Hydrocodone"),
    ("hydromorphone", "Hydromorphone"),
    ("oxycodone", "Oxycodone"),
    ("oxymorphone", "Oxymorphone"),
    ("tapentadol", "Tapentadol"),
    ("tramadol", "Tramadol"),
    ("methadone", "Methadone"),
    ("fentanyl", "Fentanyl"),
    ("buprenorphine", "Buprenorphine"),
    ("dihydrocodeine", "Dihydrocodeine"),
    ("paracetamol", "Paracetamol"),
    ("ibuprofen", "Ibuprofen"),
    ("naproxen", "Naproxen"),
    ("diclofenac", "Diclofenac"),
    ("celecoxib", "Celecoxib"),
    ("metamizole", "Metamizole"),
    ("gabapentin", "Gabapentin"),
    ("pregabalin", "Pregabalin"),
    ("dexamethasone", "Dexamethasone"),
    ("amitriptyline", "Amitriptyline"),
    ("other", "Other"),
)

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
SINS_LOCATION = _cl(
    "sins_location",
    "SINS location",
    ("3", "Junctional (occiput-C2, C7-T2, T11-L1, L5-S1)"),
    ("2", "Mobile spine (C3-C6, L2-L4)"),
    ("1", "Semi-rigid (T3-T10)"),
    ("0", "Rigid (S2-S5)"),
)
SINS_PAIN = _cl("sins_pain", "SINS pain", ("3", "Mechanical"), ("1", "Occasional, non-mechanical"), ("0", "Pain-free"))
SINS_BONE_LESION = _cl("sins_bone_lesion", "SINS bone lesion", ("2", "Lytic"), ("1", "Mixed"), ("0", "Blastic"))
SINS_ALIGNMENT = _cl(
    "sins_alignment",
    "SINS radiographic alignment",
    ("4", "Subluxation / translation"),
    ("2", "De novo deformity (kyphosis / scoliosis)"),
    ("0", "Normal"),
)
SINS_COLLAPSE = _cl(
    "sins_collapse",
    "SINS vertebral body collapse",
    ("3", "> 50% collapse"),
    ("2", "< 50% collapse"),
    ("1", "No collapse, > 50% body involved"),
    ("0", "None of the above"),
)
SINS_POSTEROLATERAL = _cl(
    "sins_posterolateral",
    "SINS posterolateral involvement",
    ("3", "Bilateral"),
    ("1", "Unilateral"),
    ("0", "None"),
)
MIRELS_SITE = _cl("mirels_site", "Mirels site", ("1", "Upper limb"), ("2", "Lower limb"), ("3", "Peritrochanteric"))
MIRELS_PAIN = _cl("mirels_pain", "Mirels pain", ("1", "Mild"), ("2", "Moderate"), ("3", "Functional"))
MIRELS_LESION = _cl("mirels_lesion", "Mirels lesion", ("1", "Blastic"), ("2", "Mixed"), ("3", "Lytic"))
MIRELS_SIZE = _cl("mirels_size", "Mirels size (cortex involved)", ("1", "< 1/3"), ("2", "1/3 - 2/3"), ("3", "> 2/3"))

QLQC30_4PT = _cl("qlqc30_4pt", "QLQ-C30 response (items 1-28)", ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"))
QLQC30_7PT = _cl(
    "qlqc30_7pt",
    "QLQ-C30 response (items 29-30)",
    *[(str(i), str(i)) for i in range(1, 8)],
)

ALL_CODE_LISTS: dict[str, CodeList] = {
    cl.name: cl
    for cl in (
        SEX,
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
        SERIOUSNESS_CRITERION,
        QLQC30_MISSING_REASON,
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
