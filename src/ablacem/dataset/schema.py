"""The tidy dataset's tables and columns, declared as data.

This is the contract between capture (the EDC, REDCap imports, the synthetic cohort) and
analysis. The pandera schemas (:mod:`ablacem.dataset.validate`), ``dictionary.csv``
(:mod:`ablacem.dataset.dictionary`) and the exports are all built from these declarations.
Allowed values and ranges come from :mod:`ablacem.protocol`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ablacem.protocol import codelists as cl
from ablacem.protocol import ranges as rg
from ablacem.protocol.ranges import NumericRange
from ablacem.protocol.sites import SITE_CODE_MAX_CHARS

STRING = "string"
INTEGER = "integer"
FLOAT = "float"
DATE = "date"
BOOLEAN = "boolean"


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Attributes
    ----------
    name : str
        Column name in the CSV header.
    dtype : str
        One of ``string``, ``integer``, ``float``, ``date`` (ISO 8601), ``boolean`` (true/false).
    label : str
        Plain-language label (dictionary, SPSS variable labels, REDCap field labels).
    required : bool
        Whether a value is required in every row (missing is an error).
    codes : CodeList or None
        Allowed values, when the column is coded.
    range : NumericRange or None
        Allowed numeric range.
    unit : str
        Unit of measurement, if any.
    identifier : bool
        Directly identifying (names, hospital numbers, birth dates): never in de-identified output.
    dates : DateRule or None
        For a date column, the plausible dates (:mod:`ablacem.protocol.ranges`), the same rule
        the EDC's forms apply; a stored date that breaks it is a consistency problem.
    free_text : bool
        Free text: dropped from de-identified output.
    help_text : str
        What the person entering the value needs to know beyond the label (the EDC's field
        help, REDCap's field note); empty when the label says it all.
    max_length : int or None
        For a text column, the most characters a value may have (limits from
        :mod:`ablacem.protocol.ranges`); the model field, the form's ``maxlength``, the edit
        checks and the dataset validation read it here. None for a coded column (its codes
        bound it) and for other types.
    added_later : bool
        A column datasets written before it existed lack: its absence from a file's header is
        not a problem (the column reads as empty).
    """

    name: str
    dtype: str
    label: str
    required: bool = False
    codes: cl.CodeList | None = None
    range: NumericRange | None = None
    unit: str = ""
    identifier: bool = False
    free_text: bool = False
    dates: rg.DateRule | None = None
    help_text: str = ""
    max_length: int | None = None
    added_later: bool = False

    def __post_init__(self):
        if self.dtype == STRING and self.codes is None and self.max_length is None:
            raise ValueError(f"text column {self.name!r} needs a max_length")

    @property
    def allowed(self) -> str:
        """Allowed values as a human-readable string (for ``dictionary.csv``)."""
        if self.codes is not None:
            return "|".join(self.codes.codes)
        if self.range is not None:
            return f"{self.range.minimum:g}-{self.range.maximum:g}"
        if self.dtype == BOOLEAN:
            return "true|false"
        return ""


@dataclass(frozen=True)
class Table:
    """One CSV file of the tidy dataset.

    Attributes
    ----------
    name : str
        Table name; the file is ``<name>.csv``.
    label : str
        What one row is.
    key : tuple of str
        Columns whose values identify a row (unique together).
    columns : tuple of Column
        Columns in file order.
    optional : bool
        The file may be absent from a dataset folder (read gives an empty table).
    """

    name: str
    label: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    optional: bool = False
    foreign_keys: dict[str, str] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")


def _c(name: str, dtype: str, label: str, **kw) -> Column:
    return Column(name, dtype, label, **kw)


def qlqc30_response_codes(item: str) -> cl.CodeList:
    """The response scale of a QLQ-C30 item: the code list whose codes are exactly its range.

    EORTC QLQ-C30 version 3.0 (Aaronson et al., J Natl Cancer Inst 1993; scoring manual, 3rd
    edition, 2001): items 1-28 are answered 1-4, items 29-30 1-7
    (:data:`ablacem.protocol.ranges.QLQC30_ITEM_RANGE`).
    """
    rng = rg.QLQC30_ITEM_RANGE[item]
    scale = tuple(str(n) for n in range(int(rng.minimum), int(rng.maximum) + 1))
    return next(codes for codes in (cl.QLQC30_4PT, cl.QLQC30_7PT) if codes.codes == scale)


#: One true/false column per seriousness criterion of an adverse event (ICH E2A):
#: ``serious_death``, ``serious_life_threat``, ... (an event may meet several).
SERIOUS_CRITERIA_COLUMNS: dict[str, cl.Code] = {f"serious_{item.code}": item for item in cl.SERIOUSNESS_CRITERION}


PATIENTS = Table(
    "patients",
    "one row per enrolled patient",
    key=("patient_id",),
    columns=(
        _c("patient_id", STRING, "Study ID", required=True, max_length=rg.STUDY_ID_MAX_CHARS),
        # The site's code is kept in de-identified exports: it names a hospital, not a person
        # (HIPAA Safe Harbor lists no institution among the 18 identifiers, 45 CFR 164.514(b)(2)).
        _c(
            "site",
            STRING,
            "Site",
            max_length=SITE_CODE_MAX_CHARS,
            added_later=True,
            help_text="Code of the site that enrolled the patient (it starts the study ID with several sites); "
            "empty: the installation's default site.",
        ),
        _c("enrolled_on", DATE, "Date of enrolment (consent)", required=True, dates=rg.ENROLMENT_DATE),
        _c("age", INTEGER, "Age at enrolment", required=True, range=rg.AGE, unit="years"),
        _c("sex", STRING, "Sex", required=True, codes=cl.SEX),
        _c("ecog", INTEGER, "ECOG performance status at baseline", required=True, range=rg.ECOG, codes=cl.ECOG),
        _c("diagnosis", STRING, "Malignant or benign", required=True, codes=cl.DIAGNOSIS),
        _c("primary_tumour", STRING, "Primary tumour (or benign lesion type)", required=True, codes=cl.PRIMARY_TUMOUR),
        _c("end_reason", STRING, "End of study reason", codes=cl.END_REASON, help_text="Empty while in follow-up."),
        _c("end_date", DATE, "End of study date"),
        _c("death_date", DATE, "Date of death", help_text="Only when the patient died."),
    ),
)

LESIONS = Table(
    "lesions",
    "one row per target lesion",
    key=("lesion_id",),
    foreign_keys={"patient_id": "patients"},
    columns=(
        _c("lesion_id", STRING, "Lesion ID", required=True, max_length=rg.ID_MAX_CHARS),
        _c("patient_id", STRING, "Study ID", required=True, max_length=rg.STUDY_ID_MAX_CHARS),
        _c("region", STRING, "Spinal or extraspinal", required=True, codes=cl.REGION),
        _c("site", STRING, "Site (vertebral level or bone)", required=True, codes=cl.LESION_SITE),
        _c("lesion_type", STRING, "Lesion type", required=True, codes=cl.LESION_TYPE),
        _c("size_mm", FLOAT, "Largest diameter", range=rg.LESION_SIZE_MM, unit="mm"),
        _c("pathologic_fracture", BOOLEAN, "Pathologic fracture at baseline"),
        _c("prior_radiotherapy", BOOLEAN, "Prior radiotherapy to the site"),
        _c("sins_location", INTEGER, "SINS location points", codes=cl.SINS_LOCATION),
        _c("sins_pain", INTEGER, "SINS pain points", codes=cl.SINS_PAIN),
        _c("sins_bone_lesion", INTEGER, "SINS bone lesion points", codes=cl.SINS_BONE_LESION),
        _c("sins_alignment", INTEGER, "SINS alignment points", codes=cl.SINS_ALIGNMENT),
        _c("sins_collapse", INTEGER, "SINS vertebral collapse points", codes=cl.SINS_COLLAPSE),
        _c("sins_posterolateral", INTEGER, "SINS posterolateral involvement points", codes=cl.SINS_POSTEROLATERAL),
        _c("sins_total", INTEGER, "SINS total (spinal lesions)", range=rg.SINS_TOTAL),
        _c("mirels_site", INTEGER, "Mirels site points", codes=cl.MIRELS_SITE),
        _c("mirels_pain", INTEGER, "Mirels pain points", codes=cl.MIRELS_PAIN),
        _c("mirels_lesion", INTEGER, "Mirels lesion points", codes=cl.MIRELS_LESION),
        _c("mirels_size", INTEGER, "Mirels size points", codes=cl.MIRELS_SIZE),
        _c("mirels_total", INTEGER, "Mirels total (long-bone lesions)", range=rg.MIRELS_TOTAL),
    ),
)

PROCEDURES = Table(
    "procedures",
    "one row per treated lesion (a session may treat several lesions on one date)",
    key=("procedure_id",),
    foreign_keys={"patient_id": "patients", "lesion_id": "lesions"},
    columns=(
        _c("procedure_id", STRING, "Procedure ID", required=True, max_length=rg.ID_MAX_CHARS),
        _c("patient_id", STRING, "Study ID", required=True, max_length=rg.STUDY_ID_MAX_CHARS),
        _c("lesion_id", STRING, "Lesion ID", required=True, max_length=rg.ID_MAX_CHARS),
        _c("procedure_date", DATE, "Procedure date (day 0)", required=True),
        _c("modality", STRING, "Ablation modality", required=True, codes=cl.MODALITY),
        _c("guidance", STRING, "Image guidance", required=True, codes=cl.GUIDANCE),
        _c("anaesthesia", STRING, "Anaesthesia", required=True, codes=cl.ANAESTHESIA),
        _c("n_probes", INTEGER, "Number of probes", range=rg.N_PROBES),
        _c("ablation_minutes", FLOAT, "Ablation time", range=rg.ABLATION_MINUTES, unit="min"),
        _c("cement_ml", FLOAT, "Cement volume injected", range=rg.CEMENT_ML, unit="mL"),
        _c("cement_leakage", BOOLEAN, "Cement leakage on imaging", required=True),
        _c("leakage_type", STRING, "Leakage type", codes=cl.LEAKAGE_TYPE),
        _c("leakage_symptomatic", BOOLEAN, "Leakage symptomatic"),
        _c("technical_success", BOOLEAN, "Technical success", required=True),
        _c("duration_minutes", INTEGER, "Session duration", range=rg.DURATION_MINUTES, unit="min"),
        _c("length_of_stay_days", INTEGER, "Length of hospital stay", range=rg.LENGTH_OF_STAY_DAYS, unit="days"),
    ),
)

ASSESSMENTS = Table(
    "assessments",
    "one row per patient and timepoint",
    key=("patient_id", "timepoint"),
    foreign_keys={"patient_id": "patients"},
    columns=(
        _c("patient_id", STRING, "Study ID", required=True, max_length=rg.STUDY_ID_MAX_CHARS),
        _c("timepoint", STRING, "Timepoint", required=True, codes=cl.TIMEPOINT),
        _c("status", STRING, "Status", required=True, codes=cl.ASSESSMENT_STATUS),
        _c("assessed_on", DATE, "Assessment date"),
        _c("vas_worst", FLOAT, "Worst pain at the treated site, last 24 h (VAS 0-10)", range=rg.VAS),
        _c("vas_average", FLOAT, "Average pain, last 24 h (VAS 0-10)", range=rg.VAS),
        *(
            _c(
                item,
                INTEGER,
                f"QLQ-C30 item {item[1:]}",
                range=rg.QLQC30_ITEM_RANGE[item],
                codes=qlqc30_response_codes(item),
            )
            for item in rg.QLQC30_ITEMS
        ),
        _c(
            "qlqc30_missing_reason",
            STRING,
            "Why QLQ-C30 items are unanswered",
            codes=cl.QLQC30_MISSING_REASON,
            help_text="Only when items are left blank on purpose; empty when all 30 are answered.",
        ),
        _c(
            "source",
            STRING,
            "Who entered the answers",
            codes=cl.ASSESSMENT_SOURCE,
            help_text="The patient (ePRO questionnaire) or study staff; datasets without it were entered by staff.",
        ),
    ),
)

ANALGESICS = Table(
    "analgesics",
    "one row per analgesic taken at an assessment",
    key=(),
    foreign_keys={"patient_id": "patients"},
    columns=(
        _c("patient_id", STRING, "Study ID", required=True, max_length=rg.STUDY_ID_MAX_CHARS),
        _c("timepoint", STRING, "Timepoint", required=True, codes=cl.TIMEPOINT),
        _c("drug", STRING, "Drug", required=True, codes=cl.ANALGESIC_DRUG),
        _c("route", STRING, "Route", required=True, codes=cl.ROUTE),
        _c(
            "dose",
            FLOAT,
            "Dose per administration",
            required=True,
            range=rg.DOSE,
            help_text="Patch strength for a transdermal patch.",
        ),
        _c("unit", STRING, "Dose unit", required=True, codes=cl.DOSE_UNIT),
        _c("per_day", FLOAT, "Administrations per day", required=True, range=rg.PER_DAY, help_text="1 for a patch."),
    ),
)

IMAGING = Table(
    "imaging",
    "one row per lesion and imaging timepoint",
    key=("lesion_id", "timepoint"),
    foreign_keys={"patient_id": "patients", "lesion_id": "lesions"},
    columns=(
        _c("patient_id", STRING, "Study ID", required=True, max_length=rg.STUDY_ID_MAX_CHARS),
        _c("lesion_id", STRING, "Lesion ID", required=True, max_length=rg.ID_MAX_CHARS),
        _c("timepoint", STRING, "Imaging timepoint", required=True, codes=cl.IMAGING_TIMEPOINT),
        _c("imaged_on", DATE, "CT date", required=True),
        _c("local_status", STRING, "Local tumour status", required=True, codes=cl.LOCAL_STATUS),
        _c("distant_progression", BOOLEAN, "Disease progression elsewhere"),
        _c(
            "ct_cement_ml",
            FLOAT,
            "Cement volume measured on CT",
            range=rg.CEMENT_ML,
            unit="mL",
            help_text="Post-procedure CT only: the deposit measured from the images, as the radiologist accepted it.",
        ),
        _c(
            "ct_leakage",
            BOOLEAN,
            "Cement leakage on the CT measurement",
            help_text="Post-procedure CT only: candidate leaks found by the measurement and confirmed.",
        ),
    ),
)

ADVERSE_EVENTS = Table(
    "adverse_events",
    "one row per adverse event (complication)",
    key=("ae_id",),
    foreign_keys={"patient_id": "patients", "lesion_id": "lesions"},
    columns=(
        _c("ae_id", STRING, "Adverse event ID", required=True, max_length=rg.ID_MAX_CHARS),
        _c("patient_id", STRING, "Study ID", required=True, max_length=rg.STUDY_ID_MAX_CHARS),
        _c("lesion_id", STRING, "Lesion ID", help_text="Empty when not lesion-specific.", max_length=rg.ID_MAX_CHARS),
        _c("onset_date", DATE, "Onset date", required=True),
        _c("term", STRING, "Adverse event", required=True, codes=cl.AE_TERM),
        _c("cirse_grade", INTEGER, "CIRSE grade", required=True, range=rg.CIRSE_GRADE, codes=cl.CIRSE_GRADE),
        _c("serious", BOOLEAN, "Serious adverse event", required=True),
        *(_c(column, BOOLEAN, f"Seriousness: {item.label}") for column, item in SERIOUS_CRITERIA_COLUMNS.items()),
        _c("related_to", STRING, "Related to", required=True, codes=cl.AE_RELATION),
        _c(
            "relation_procedure",
            STRING,
            "Relationship to the procedure",
            codes=cl.AE_CAUSALITY,
            help_text="Causality (MEDDEV 2.7/3 rev. 3) to the ablation-cementoplasty session as a whole.",
        ),
        _c("relation_ablation", STRING, "Relationship to the ablation system", codes=cl.AE_CAUSALITY),
        _c("relation_cement", STRING, "Relationship to the bone cement", codes=cl.AE_CAUSALITY),
        _c(
            "expectedness",
            STRING,
            "Expectedness",
            codes=cl.AE_EXPECTEDNESS,
            help_text="Against the protocol's list of anticipated events (ICH E2A; ISO 14155).",
        ),
        _c("action_taken", STRING, "Action taken", codes=cl.AE_ACTION),
        _c(
            "aware_date",
            DATE,
            "Date staff became aware",
            help_text="For a serious event, the 24-hour clock to an investigator's acknowledgement starts here.",
        ),
        _c(
            "ack_hours",
            FLOAT,
            "Hours from awareness to acknowledgement",
            range=rg.ACK_HOURS,
            unit="h",
            help_text="Serious events only; set when an investigator acknowledges the event.",
        ),
        _c("ongoing", BOOLEAN, "Ongoing", help_text="Ongoing at the last contact; otherwise give the resolution date."),
        _c("resolution_date", DATE, "Resolution date", help_text="Empty while the event is ongoing."),
        _c("outcome", STRING, "Outcome", codes=cl.AE_OUTCOME),
        _c("description", STRING, "Description", free_text=True, max_length=rg.DESCRIPTION_MAX_CHARS),
    ),
)

#: Identifying data, kept apart from the clinical tables; never in de-identified output.
IDENTIFIERS = Table(
    "identifiers",
    "one row per patient: directly identifying data (kept apart)",
    key=("patient_id",),
    optional=True,
    foreign_keys={"patient_id": "patients"},
    columns=(
        _c("patient_id", STRING, "Study ID", required=True, max_length=rg.STUDY_ID_MAX_CHARS),
        _c("name", STRING, "Full name", identifier=True, max_length=rg.NAME_MAX_CHARS),
        _c("hospital_number", STRING, "Hospital number", identifier=True, max_length=rg.HOSPITAL_NUMBER_MAX_CHARS),
        _c("birth_date", DATE, "Date of birth", identifier=True, dates=rg.BIRTH_DATE),
        _c("language", STRING, "Language of the patient's pages", identifier=True, codes=cl.PATIENT_LANGUAGE),
        _c(
            "email",
            STRING,
            "Email address",
            identifier=True,
            max_length=rg.EMAIL_MAX_CHARS,
            help_text="Where questionnaire invitations and reminders go when the patient chose email.",
        ),
        _c(
            "mobile",
            STRING,
            "Mobile number",
            identifier=True,
            max_length=rg.MOBILE_MAX_CHARS,
            help_text="International format with the country code, e.g. +33 6 12 34 56 78; for text messages.",
        ),
        _c(
            "contact_channel",
            STRING,
            "Preferred channel for questionnaire messages",
            identifier=True,
            codes=cl.CONTACT_CHANNEL,
        ),
        _c(
            "contact_consent",
            BOOLEAN,
            "Agrees to be contacted by email or text message",
            identifier=True,
            help_text="No invitation or reminder is sent without it.",
        ),
    ),
)

#: The clinical tables, in dependency order.
CLINICAL_TABLES: tuple[Table, ...] = (PATIENTS, LESIONS, PROCEDURES, ASSESSMENTS, ANALGESICS, IMAGING, ADVERSE_EVENTS)
ALL_TABLES: tuple[Table, ...] = (*CLINICAL_TABLES, IDENTIFIERS)
TABLES: dict[str, Table] = {t.name: t for t in ALL_TABLES}
