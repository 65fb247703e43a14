"""The per-lesion analysis frame: lesion, procedure and CT results side by side."""

from __future__ import annotations

import pandas as pd

from ablacem.dataset import Dataset
from ablacem.protocol import IMAGING_TIMEPOINT_CODES
from ablacem.protocol.codelists import LOCAL_PROGRESSION
from ablacem.protocol.timepoints import POST

#: The CT that closes follow-up (3 months): distant progression is read on it.
LAST_CT = IMAGING_TIMEPOINT_CODES[-1]


def derive_lesions(dataset: Dataset, patients: pd.DataFrame, *, warnings: list[str]) -> pd.DataFrame:
    """One row per lesion with its procedure columns and CT results.

    Adds ``treated`` (the lesion has a procedure row), ``local_status_<tp>`` for each imaging
    timepoint of the protocol (``post``, ``m3``: the CT read; NaN when no CT),
    ``local_progression_day`` (first CT showing local progression, days from day 0; NaN if
    none), ``distant_progression_m3`` (on the last CT, :data:`LAST_CT`), and ``ct_cement_ml`` /
    ``ct_leakage`` (the cement measured on the post-procedure CT, issue 15; missing when not
    measured). Local tumour
    progression and control follow Ahmed et al., Radiology 2014;273:241-260.

    Parameters
    ----------
    dataset : Dataset
    patients : DataFrame
        Output of :func:`derive_patients`; its ``procedure_date`` is day 0 of the CT days.
    warnings : list of str
        Problems found are appended here.

    Returns
    -------
    DataFrame
        One row per lesion, with the columns above.
    """
    les = dataset.lesions.copy()
    proc = dataset.procedures.drop(columns=["patient_id"])
    dup = proc["lesion_id"].duplicated(keep="first")
    if dup.any():
        warnings.append(f"{int(dup.sum())} lesion(s) have more than one procedure row: the first one is analysed")
        proc = proc[~dup]
    out = les.merge(proc, on="lesion_id", how="left")
    out["treated"] = out["procedure_id"].notna()
    day0 = out["patient_id"].map(patients.set_index("patient_id")["procedure_date"])

    im = dataset.imaging.sort_values("imaged_on", kind="stable")
    status = im.pivot_table(index="lesion_id", columns="timepoint", values="local_status", aggfunc="last")
    for tp in IMAGING_TIMEPOINT_CODES:
        out[f"local_status_{tp}"] = out["lesion_id"].map(status[tp]) if tp in status else pd.Series(dtype=object)
    distant = im[im["timepoint"].eq(LAST_CT)].set_index("lesion_id")["distant_progression"]
    out[f"distant_progression_{LAST_CT}"] = out["lesion_id"].map(distant[~distant.index.duplicated()]).astype("boolean")
    post = im[im["timepoint"].eq(POST)].drop_duplicates("lesion_id", keep="last").set_index("lesion_id")
    for column in ("ct_cement_ml", "ct_leakage"):
        values = post[column] if column in post else pd.Series(dtype=object)
        out[column] = out["lesion_id"].map(values)
    out["ct_cement_ml"] = pd.to_numeric(out["ct_cement_ml"], errors="coerce").astype("float64")
    out["ct_leakage"] = out["ct_leakage"].astype("boolean")
    prog = im[im["local_status"].eq(LOCAL_PROGRESSION)].groupby("lesion_id")["imaged_on"].min()
    out["local_progression_day"] = (out["lesion_id"].map(prog) - day0).dt.days.astype("float64")

    untreated = int((~out["treated"]).sum())
    if untreated:
        warnings.append(
            f"{untreated} lesion(s) have no procedure row: counted in the lesion totals, left out of "
            "technical success and local control"
        )
    return out
