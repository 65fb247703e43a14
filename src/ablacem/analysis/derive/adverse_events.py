"""The adverse-event analysis frame."""

from __future__ import annotations

import pandas as pd

from ablacem.dataset import Dataset
from ablacem.scoring.cirse import is_major


def derive_adverse_events(dataset: Dataset, patients: pd.DataFrame, *, warnings: list[str]) -> pd.DataFrame:
    """The adverse events with ``major`` and ``day``.

    ``major`` is CIRSE grade 3 or higher (Filippiadis et al., Cardiovasc Intervent Radiol
    2017;40:1141-1146; ablacem rule); ``day`` is the onset date minus day 0.

    Parameters
    ----------
    dataset : Dataset
    patients : DataFrame
        Output of :func:`derive_patients`.
    warnings : list of str
        Problems found are appended here (an onset before the procedure is already a consistency
        warning, :func:`ablacem.dataset.consistency_problems`).

    Returns
    -------
    DataFrame
    """
    ae = dataset.adverse_events.copy()
    ae["major"] = is_major(ae["cirse_grade"]).fillna(False).astype(bool)
    day0 = ae["patient_id"].map(patients.set_index("patient_id")["procedure_date"])
    ae["day"] = (ae["onset_date"] - day0).dt.days.astype("float64")
    untreated = ae["day"].isna() & ae["onset_date"].notna()
    if untreated.any():
        warnings.append(f"{int(untreated.sum())} adverse event(s) belong to patients without a procedure")
    return ae
