"""Clinical consistency checks across tables.

These are warnings, not schema errors: the report still builds and lists them in its
data-quality appendix, and the EDC shows them as edit-check problems. Each problem names the
file, CSV line and column it concerns.
"""

from __future__ import annotations

from functools import partial

import pandas as pd

from ablacem.protocol import TIMEPOINTS
from ablacem.protocol import codelists as cl
from ablacem.protocol.codelists import DONE, END_DIED, region_of_site
from ablacem.protocol.ranges import EARLIEST_DATE, QLQC30_ITEMS
from ablacem.protocol.timepoints import BASELINE
from ablacem.scoring.lesion_scores import MIRELS_COMPONENTS, SINS_COMPONENTS

from . import rules
from .errors import Problem, csv_line
from .frame import Dataset
from .schema import ALL_TABLES, CLINICAL_TABLES, DATE, SERIOUS_CRITERIA_COLUMNS

_SINS_PARTS = list(SINS_COMPONENTS)
_MIRELS_PARTS = list(MIRELS_COMPONENTS)
#: What a visit records; only a done visit carries values.
_VISIT_VALUES = ["assessed_on", "vas_worst", "vas_average", *QLQC30_ITEMS, "qlqc30_missing_reason"]


#: Kinds of the problems other layers act on (the EDC treats them specially).
NO_PROCEDURE = "no_procedure"
OUTSIDE_WINDOW = "outside_window"


def _flag(frame: pd.DataFrame, mask: pd.Series, file: str, column: str, message, kind: str = "") -> list[Problem]:
    positions = pd.Series(range(len(frame)), index=frame.index)
    out = []
    for idx in frame.index[mask.fillna(False).to_numpy(dtype=bool)]:
        row = frame.loc[idx]
        text = message(row) if callable(message) else message
        out.append(Problem(file, csv_line(int(positions[idx])), column, text, kind))
    return out


def _findings(
    frame: pd.DataFrame, mask: pd.Series, file: str, rule, columns: dict[str, str] | None = None
) -> list[Problem]:
    """Problems of a rule of :mod:`ablacem.dataset.rules` run on each selected row.

    ``rule(row)`` takes the row as a dict and returns findings; ``columns`` maps a finding's
    field to the column it is reported on (when the form field is not a column).
    """
    positions = pd.Series(range(len(frame)), index=frame.index)
    selected = frame.loc[mask.fillna(False).to_numpy(dtype=bool)]
    out = []
    for idx, row in zip(selected.index, selected.to_dict("records"), strict=True):
        for finding in rule(row):
            column = (columns or {}).get(finding.field, finding.field)
            out.append(Problem(file, csv_line(int(positions[idx])), column, finding.message, finding.kind))
    return out


def _tp(code) -> str:
    """A timepoint's label ("1 week") for messages."""
    return cl.TIMEPOINT.label_of(code) if code in cl.TIMEPOINT else str(code)


def _visit(code) -> str:
    """ "the 1 week visit", "the post-procedure visit" for messages."""
    label = _tp(code)
    return f"the {label[:1].lower()}{label[1:]} visit"


def procedure_dates(dataset: Dataset) -> pd.Series:
    """Procedure date (day 0) per patient: the earliest procedure date, indexed by patient_id."""
    proc = dataset.procedures
    if proc.empty:
        return pd.Series(dtype="datetime64[ns]", name="procedure_date")
    return proc.groupby("patient_id")["procedure_date"].min()


def _death_dates(ds: Dataset, patient_ids: pd.Series) -> pd.Series:
    """Each row's patient's death date (NaT when alive)."""
    return patient_ids.map(ds.patients.drop_duplicates("patient_id").set_index("patient_id")["death_date"])


def _patients(ds: Dataset) -> list[Problem]:
    p = ds.patients
    f = "patients.csv"
    day0 = p["patient_id"].map(procedure_dates(ds))
    ids = ds.identifiers
    birth = p["patient_id"].map(ids.drop_duplicates("patient_id").set_index("patient_id")["birth_date"])
    died = cl.END_REASON.label_of(END_DIED)
    return [
        *_flag(p, day0.isna(), f, "patient_id", lambda r: f"patient {r.patient_id} has no procedure", NO_PROCEDURE),
        *_findings(
            p,
            p["diagnosis"].notna() & p["primary_tumour"].notna(),
            f,
            lambda r: rules.primary_matches_diagnosis(diagnosis=r["diagnosis"], primary_tumour=r["primary_tumour"]),
        ),
        *_findings(
            p.assign(birth_date=birth),
            birth.notna() & p["age"].notna(),
            f,
            lambda r: rules.age_at_enrolment(age=r["age"], birth_date=r["birth_date"], enrolled_on=r["enrolled_on"]),
        ),
        *_flag(
            p,
            (p["end_reason"] == END_DIED) & p["death_date"].isna(),
            f,
            "death_date",
            f"the end of study is '{died}' but no date of death is given",
        ),
        *_flag(
            p,
            p["death_date"].notna() & (p["end_reason"] != END_DIED),
            f,
            "end_reason",
            f"a date of death is given but the end of study is not '{died}'",
        ),
        *_flag(
            p,
            p["death_date"].notna() & day0.notna() & (p["death_date"] < day0),
            f,
            "death_date",
            "death date is before the procedure",
        ),
        *_flag(
            p,
            p["end_reason"].notna() & p["end_date"].isna(),
            f,
            "end_date",
            "end of study reason is given without an end date",
        ),
        *_flag(
            p,
            day0.notna() & (day0 < p["enrolled_on"]),
            f,
            "enrolled_on",
            "enrolment date is after the procedure",
        ),
    ]


def _lesions(ds: Dataset) -> list[Problem]:
    les = ds.lesions
    f = "lesions.csv"
    expected_region = les["site"].map(lambda s: region_of_site(s) if isinstance(s, str) else None)
    sins_sum = les[_SINS_PARTS].astype("float64").sum(axis=1, min_count=len(_SINS_PARTS))
    mirels_sum = les[_MIRELS_PARTS].astype("float64").sum(axis=1, min_count=len(_MIRELS_PARTS))
    return [
        *_flag(
            les,
            les["region"] != expected_region,
            f,
            "region",
            lambda r: f"site {cl.LESION_SITE.label_of(r.site)} is not {cl.REGION.label_of(r.region).lower()}",
        ),
        *_flag(
            les,
            sins_sum.notna() & les["sins_total"].notna() & (sins_sum != les["sins_total"].astype("float64")),
            f,
            "sins_total",
            "SINS total is not the sum of its components",
        ),
        *_flag(
            les,
            mirels_sum.notna() & les["mirels_total"].notna() & (mirels_sum != les["mirels_total"].astype("float64")),
            f,
            "mirels_total",
            "Mirels total is not the sum of its components",
        ),
        *_findings(
            les,
            les["sins_location"].notna() | les["sins_bone_lesion"].notna(),
            f,
            lambda r: rules.sins_matches_lesion(
                site=r["site"],
                lesion_type=r["lesion_type"],
                sins_location=r["sins_location"],
                sins_bone_lesion=r["sins_bone_lesion"],
            ),
        ),
        *_findings(
            les,
            les["mirels_lesion"].notna(),
            f,
            lambda r: rules.mirels_matches_lesion(lesion_type=r["lesion_type"], mirels_lesion=r["mirels_lesion"]),
        ),
    ]


def _procedures(ds: Dataset) -> list[Problem]:
    pr = ds.procedures
    f = "procedures.csv"
    leak = pr["cement_leakage"].fillna(False).astype(bool)
    n_dates = pr.groupby("patient_id")["procedure_date"].transform("nunique")
    leak_events = _leak_events(ds)
    return [
        *_flag(pr, ~leak & pr["leakage_type"].notna(), f, "leakage_type", "leakage type given but no leakage"),
        *_flag(pr, leak & pr["leakage_type"].isna(), f, "leakage_type", "leakage recorded without its type"),
        *_flag(
            pr,
            ~leak & pr["leakage_symptomatic"].eq(True).fillna(False),
            f,
            "leakage_symptomatic",
            "symptomatic leakage recorded but no leakage",
        ),
        *_flag(pr, n_dates > 1, f, "procedure_date", "a patient's lesions were treated on different dates"),
        *_findings(
            pr,
            pr["leakage_symptomatic"].eq(True).fillna(False),
            f,
            lambda r: rules.leak_has_event(_leakage(r), leak_events.get(r["patient_id"], ())),
        ),
    ]


def _leakage(row: dict) -> rules.Leakage:
    def flag(value):
        return None if pd.isna(value) else bool(value)

    return rules.Leakage(row["lesion_id"], flag(row["cement_leakage"]), flag(row["leakage_symptomatic"]))


def _leak_events(ds: Dataset) -> dict[str, list]:
    """Per patient, the lesion IDs of the symptomatic-leakage events (None: not lesion-specific)."""
    ae = ds.adverse_events
    leaks = ae[ae["term"] == rules.LEAK_TERM]
    out: dict[str, list] = {}
    for patient, lesion in zip(leaks["patient_id"], leaks["lesion_id"], strict=True):
        out.setdefault(patient, []).append(None if pd.isna(lesion) else lesion)
    return out


def _assessments(ds: Dataset) -> list[Problem]:
    a = ds.assessments
    f = "assessments.csv"
    day0 = a["patient_id"].map(procedure_dates(ds))
    death = _death_dates(ds, a["patient_id"])
    done = a["status"] == DONE
    days = (a["assessed_on"] - day0).dt.days
    lower = a["timepoint"].map({tp.code: tp.lower for tp in TIMEPOINTS})
    upper = a["timepoint"].map({tp.code: tp.upper for tp in TIMEPOINTS})
    baseline_done = set(a.loc[done & (a["timepoint"] == BASELINE), "patient_id"])
    return [
        *_flag(a, done & a["assessed_on"].isna(), f, "assessed_on", "visit is done but has no date"),
        *_flag(
            a,
            done & days.notna() & ((days < lower) | (days > upper)),
            f,
            "assessed_on",
            lambda r: f"{_visit(r.timepoint)} on {r.assessed_on:%Y-%m-%d} is outside its window",
            OUTSIDE_WINDOW,
        ),
        *_flag(
            a,
            done & death.notna() & (a["assessed_on"] > death),
            f,
            "assessed_on",
            "assessment is after the patient's death",
        ),
        *_flag(
            a,
            done & (a["timepoint"] != BASELINE) & ~a["patient_id"].isin(baseline_done),
            f,
            "timepoint",
            lambda r: f"{_visit(r.timepoint)} was done but patient {r.patient_id} has no baseline",
        ),
        *_flag(
            a,
            done & a["vas_worst"].isna(),
            f,
            "vas_worst",
            "visit is done but worst pain is missing",
        ),
        *_flag(
            a,
            ~done & a[_VISIT_VALUES].notna().any(axis=1),
            f,
            "status",
            lambda r: (
                f"{_visit(r.timepoint)} is '{cl.ASSESSMENT_STATUS.label_of(r.status)}' "
                "but carries pain or QLQ-C30 values"
            ),
        ),
        *_findings(
            a,
            done & (a[list(QLQC30_ITEMS)].isna().any(axis=1) | a["qlqc30_missing_reason"].notna()),
            f,
            lambda r: rules.qlqc30_completeness(r, missing_reason=r["qlqc30_missing_reason"]),
        ),
        *_flag(
            a,
            a["vas_average"] > a["vas_worst"],
            f,
            "vas_average",
            lambda r: f"average pain {r.vas_average:g} is above worst pain {r.vas_worst:g}",
        ),
    ]


def _imaging(ds: Dataset) -> list[Problem]:
    im = ds.imaging
    day0 = im["patient_id"].map(procedure_dates(ds))
    death = _death_dates(ds, im["patient_id"])
    return [
        *_flag(
            im,
            day0.notna() & (im["imaged_on"] < day0),
            "imaging.csv",
            "imaged_on",
            "imaging date is before the procedure",
        ),
        *_flag(im, im["imaged_on"] > death, "imaging.csv", "imaged_on", "imaging date is after the patient's death"),
    ]


def _adverse_events(ds: Dataset) -> list[Problem]:
    ae = ds.adverse_events
    f = "adverse_events.csv"
    day0 = ae["patient_id"].map(procedure_dates(ds))
    death = _death_dates(ds, ae["patient_id"])
    treated: dict[str, list[rules.Leakage]] = {}
    for row in ds.procedures.to_dict("records"):
        treated.setdefault(row["patient_id"], []).append(_leakage(row))
    return [
        *_flag(ae, ae["onset_date"] < day0, f, "onset_date", "onset is before the procedure"),
        *_flag(ae, ae["onset_date"] > death, f, "onset_date", "onset is after the patient's death"),
        *_findings(
            ae,
            ae["term"] == rules.LEAK_TERM,
            f,
            lambda r: rules.leak_event_matches_procedure(
                term=r["term"],
                lesion_id=None if pd.isna(r["lesion_id"]) else r["lesion_id"],
                treated=treated.get(r["patient_id"], ()),
                ae_id=r["ae_id"],
            ),
        ),
        *_findings(
            ae,
            pd.Series(True, index=ae.index),
            f,
            lambda r: rules.seriousness(
                cirse_grade=r["cirse_grade"],
                serious=None if pd.isna(r["serious"]) else bool(r["serious"]),
                criteria=_criteria(r),
                outcome=None if pd.isna(r["outcome"]) else r["outcome"],
            ),
            columns={"serious_criteria": "serious"},
        ),
        *_findings(
            ae,
            pd.Series(True, index=ae.index),
            f,
            lambda r: rules.ae_course(
                onset_date=r["onset_date"],
                resolution_date=r.get("resolution_date"),
                ongoing=r.get("ongoing"),
                outcome=r.get("outcome"),
                aware_date=r.get("aware_date"),
            ),
        ),
    ]


def _criteria(row: dict) -> list[str]:
    """The seriousness criteria (``codelists.SERIOUSNESS_CRITERION`` codes) an event's row marks true."""
    return [
        item.code
        for column, item in SERIOUS_CRITERIA_COLUMNS.items()
        if not pd.isna(row.get(column, pd.NA)) and bool(row[column])
    ]


def _analgesics(ds: Dataset) -> list[Problem]:
    an = ds.analgesics
    status = ds.assessments.set_index(["patient_id", "timepoint"])["status"]
    keys = pd.MultiIndex.from_frame(an[["patient_id", "timepoint"]]) if len(an) else pd.MultiIndex.from_arrays([[], []])
    visit = pd.Series(status.reindex(keys).to_numpy(), index=an.index)
    return _flag(
        an,
        visit != DONE,
        "analgesics.csv",
        "timepoint",
        lambda r: f"analgesic recorded for {r.patient_id} at {_visit(r.timepoint)}, which was not done",
    )


def _before_earliest(row: pd.Series, column: str) -> str:
    return f"{row[column]:%Y-%m-%d} is before {EARLIEST_DATE}: check the year"


def _early_dates(ds: Dataset) -> list[Problem]:
    """Dates before their plausible earliest (usually a mistyped year): a column's own rule
    (:attr:`Column.dates`, the forms' rule; its message never repeats the value, which may
    identify the patient), else the protocol's earliest plausible date."""
    default = pd.Timestamp(EARLIEST_DATE)
    out: list[Problem] = []
    for table in ALL_TABLES:
        frame = ds[table.name]
        for column in table.columns:
            if column.dtype != DATE or column.name not in frame:
                continue
            if column.dates is not None:
                earliest = pd.Timestamp(column.dates.earliest)
                message = column.dates.message
            elif table in CLINICAL_TABLES:
                earliest = default
                message = partial(_before_earliest, column=column.name)
            else:
                continue
            out += _flag(frame, frame[column.name] < earliest, table.filename, column.name, message)
    return out


def consistency_problems(dataset: Dataset) -> list[Problem]:
    """Clinical consistency warnings across the tables of a (schema-valid) dataset.

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    list of Problem
        Empty when everything is consistent.
    """
    return [
        *_patients(dataset),
        *_lesions(dataset),
        *_procedures(dataset),
        *_assessments(dataset),
        *_imaging(dataset),
        *_adverse_events(dataset),
        *_analgesics(dataset),
        *_early_dates(dataset),
    ]
