"""CT per lesion immediately after the procedure and at 3 months (when the 3-month visit was done).

Local tumour progression and distant progression follow Ahmed M et al., Radiology
2014;273:241-260 (standardised ablation terminology): local progression is growth at the
treated site; distant progression is disease at new sites.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.protocol.codelists import BENIGN, CONTROLLED, DONE, LOCAL_PROGRESSION, MALIGNANT, NOT_EVALUABLE
from ablacem.protocol.timepoints import MONTH_3, POST

from . import calibration as cal

#: Relative risk of local progression by primary (radio-resistant, hypervascular tumours higher).
_PROGRESSION_MULTIPLIER = {"renal": 1.6, "thyroid": 1.4, "hepatocellular": 1.4, "melanoma": 1.3, "sarcoma": 1.3}
_BENIGN_MULTIPLIER = 0.3


def make_imaging(
    patients: pd.DataFrame, lesions: pd.DataFrame, procedures: pd.DataFrame, visits: pd.DataFrame, rng
) -> pd.DataFrame:
    """Rows of the ``imaging`` table: ``post`` for every lesion, ``m3`` for lesions of patients seen at 3 months."""
    n, m = len(patients), len(lesions)
    pidx = lesions["patient_index"].to_numpy()
    day0 = patients["procedure_date"].to_numpy()[pidx]

    post_status = np.where(rng.random(m) < cal.NOT_EVALUABLE_RATE, NOT_EVALUABLE, CONTROLLED).astype(object)
    post = pd.DataFrame(
        {
            "patient_id": lesions["patient_id"].to_numpy(),
            "lesion_id": lesions["lesion_id"].to_numpy(),
            "timepoint": POST,
            "imaged_on": day0,
            "local_status": post_status,
            "distant_progression": pd.array([pd.NA] * m, dtype="boolean"),
            "order": np.arange(m) * 2,
        }
    )

    m3 = visits[(visits["timepoint"] == MONTH_3).to_numpy()]
    m3_done = (m3["status"] == DONE).to_numpy()
    m3_date = m3["assessed_on"].to_numpy()
    seen = m3_done[pidx]
    primary = pd.Series(lesions["patient_index"].map(patients["primary_tumour"]), dtype=object)
    benign = (patients["diagnosis"].to_numpy() == BENIGN)[pidx]
    risk = cal.LOCAL_PROGRESSION_RISK * primary.map(_PROGRESSION_MULTIPLIER).fillna(1.0).to_numpy(float)
    risk = risk * np.where(benign, _BENIGN_MULTIPLIER, 1.0)
    risk = risk * np.where(lesions["size_mm"].to_numpy() > 50, 1.4, 1.0)
    risk = np.where(procedures["technical_success"].to_numpy(bool), risk, 0.5)
    u = rng.random(m)
    status = np.select(
        [u < cal.NOT_EVALUABLE_RATE, u < cal.NOT_EVALUABLE_RATE + risk], [NOT_EVALUABLE, LOCAL_PROGRESSION], CONTROLLED
    )
    distant = (rng.random(n) < cal.DISTANT_PROGRESSION_RATE) & (patients["diagnosis"].to_numpy() == MALIGNANT)
    # The CT is read a few days before the clinic visit, never after it.
    imaged = m3_date[pidx] - rng.integers(0, 5, m).astype("timedelta64[D]")
    three = pd.DataFrame(
        {
            "patient_id": lesions["patient_id"].to_numpy(),
            "lesion_id": lesions["lesion_id"].to_numpy(),
            "timepoint": MONTH_3,
            "imaged_on": imaged,
            "local_status": status.astype(object),
            "distant_progression": distant[pidx],
            "order": np.arange(m) * 2 + 1,
        }
    )[seen]
    out = pd.concat([post, three], ignore_index=True).sort_values("order", kind="stable")
    return out.drop(columns="order").reset_index(drop=True)
