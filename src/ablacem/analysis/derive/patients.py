"""The per-patient analysis frame: day 0, subgroup levels and survival times."""

from __future__ import annotations

import pandas as pd

from ablacem.dataset import Dataset
from ablacem.dataset.consistency import procedure_dates
from ablacem.protocol.codelists import BENIGN_LESION, DONE, LOCAL_PROGRESSION

OTHER = "other"
BENIGN = "benign"


def tumour_groups(
    diagnosis: pd.Series, primary_tumour: pd.Series, min_n: int, counted: pd.Series | None = None
) -> pd.Series:
    """Pooled primary-tumour level per patient.

    Malignant primaries with at least ``min_n`` patients (among those where ``counted`` is true,
    by default all; the analysis counts treated patients) keep their code, smaller ones become
    ``other``; every benign lesion type is one level, ``benign`` (malignant versus benign is a
    subgroup variable of its own).
    """
    benign = diagnosis.eq("benign") | primary_tumour.isin(BENIGN_LESION.codes)
    counted = pd.Series(True, index=primary_tumour.index) if counted is None else counted.astype(bool)
    counts = primary_tumour[~benign & counted].value_counts()
    small = set(counts[counts < min_n].index)
    group = primary_tumour.where(~primary_tumour.isin(small), OTHER)
    group = group.where(~benign, BENIGN)
    return group.fillna(OTHER)


def _per_patient(frame: pd.DataFrame, column: str, how: str) -> pd.Series:
    if frame.empty:
        return pd.Series(dtype="datetime64[ns]")
    return frame.dropna(subset=[column]).groupby("patient_id")[column].agg(how)


def _mix(values: pd.Series) -> pd.Series:
    """Patient-level level of a per-lesion column (indexed by patient): its value, or ``both``."""
    values = values.dropna()
    grouped = values.groupby(level=0)
    return grouped.first().where(grouped.nunique() <= 1, "both")


def _days(later: pd.Series, earlier: pd.Series) -> pd.Series:
    return (later - earlier).dt.days.astype("float64")


def derive_patients(dataset: Dataset, *, subgroup_min_n: int, warnings: list[str]) -> pd.DataFrame:
    """One row per enrolled patient.

    Overall survival runs from day 0 (the procedure) to death (event) or to the last date the
    patient was known alive (censored): the latest of end of study, assessment, CT and adverse
    event dates. Local-progression-free survival runs to the first CT showing local progression
    or death, whichever comes first (event), else is censored at the last CT (Ahmed et al.,
    Radiology 2014;273:241-260, for local tumour progression).

    Parameters
    ----------
    dataset : Dataset
    subgroup_min_n : int
        Pooling threshold for ``tumour_group``.
    warnings : list of str
        Problems found are appended here.

    Returns
    -------
    DataFrame
    """
    p = dataset.patients.copy()
    proc = dataset.procedures
    keep = ["patient_id", "enrolled_on", "age", "sex", "ecog", "diagnosis", "primary_tumour"]
    site = p["site"] if "site" in p else pd.Series(pd.NA, index=p.index, dtype=object)
    p = p[[*keep, "end_reason", "end_date", "death_date"]].reset_index(drop=True)
    pid = p["patient_id"]
    day0 = pid.map(procedure_dates(dataset))
    p.insert(7, "procedure_date", day0.astype("datetime64[ns]"))
    p.insert(7, "treated", day0.notna())
    p.insert(7, "tumour_group", tumour_groups(p["diagnosis"], p["primary_tumour"], subgroup_min_n, p["treated"]))

    lesions = dataset.lesions.set_index("patient_id")
    p.insert(10, "n_lesions", pid.map(lesions.groupby(level=0).size()).fillna(0).astype("Int64"))
    p.insert(11, "region_group", pid.map(_mix(lesions["region"])))
    p.insert(12, "modality_group", pid.map(_mix(proc.set_index("patient_id")["modality"])))
    # The enrolling site (a subgroup only when there are several); empty: the default site.
    p["site_group"] = site.astype(object).where(site.notna(), "").to_numpy()

    # Last date known alive: the latest date anything was recorded about the patient.
    done = dataset.assessments[dataset.assessments["status"].eq(DONE)]
    candidates = pd.concat(
        [
            p["procedure_date"],
            p["end_date"].where(p["end_reason"].ne("died")),
            pid.map(_per_patient(done, "assessed_on", "max")),
            pid.map(_per_patient(dataset.imaging, "imaged_on", "max")),
            pid.map(_per_patient(dataset.adverse_events, "onset_date", "max")),
        ],
        axis=1,
    )
    last_alive = candidates.max(axis=1).where(p["treated"])
    died = p["death_date"].notna() & p["treated"]
    os_end = p["death_date"].where(died, last_alive)
    os_days = _days(os_end, day0)
    bad = os_days < 0
    if bad.any():
        warnings.append(
            f"{int(bad.sum())} patient(s) have a death or last-contact date before the procedure: "
            "excluded from the survival analyses"
        )
    p["os_days"] = os_days.where(~bad)
    p["os_event"] = died.astype(int).where(p["os_days"].notna())

    im = dataset.imaging
    prog = im[im["local_status"].eq(LOCAL_PROGRESSION)]
    first_prog = pid.map(_per_patient(prog, "imaged_on", "min"))
    last_ct = pid.map(_per_patient(im, "imaged_on", "max"))
    event_date = pd.concat([first_prog, p["death_date"].where(died)], axis=1).min(axis=1)
    has_event = event_date.notna() & p["treated"]
    censor_date = last_ct.fillna(day0)
    lpfs_days = _days(event_date.where(has_event, censor_date), day0)
    bad = lpfs_days < 0
    if bad.any():
        warnings.append(
            f"{int(bad.sum())} patient(s) have a progression, death or CT date before the procedure: "
            "excluded from the local-progression-free survival analysis"
        )
    p["lpfs_days"] = lpfs_days.where(~bad)
    p["lpfs_event"] = has_event.astype(int).where(p["lpfs_days"].notna())
    p["last_contact_day"] = os_days.where(~(os_days < 0))

    early_end = p["end_date"].notna() & day0.notna() & (p["end_date"] < day0)
    if early_end.any():
        warnings.append(
            f"{int(early_end.sum())} patient(s) have an end-of-study date before the procedure (dates out of order)"
        )
    untreated = int((~p["treated"]).sum())
    if untreated:
        warnings.append(
            f"{untreated} enrolled patient(s) have no procedure: counted as enrolled, not treated, "
            "and left out of every treated-population analysis"
        )
    return p
