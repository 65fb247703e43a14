"""Cement measured on the post-procedure CT for a subset of lesions (so the demo report shows issue 15's section).

Not every site uploads its CT series: about :data:`MEASURED_SHARE` of treated lesions get a
measured volume, on their post-procedure CT row only. The deposited volume is the injected one
less a little left in the cannula and syringe (:data:`MEAN_LOSS_ML`), with measurement noise
(:data:`SD_ML`); the measurement sees a leak where one was reported, misses
:data:`MISSED_LEAK_SHARE` of them and finds one not reported in :data:`EXTRA_LEAK_SHARE` of
the others (small venous leaks are often missed on fluoroscopy, Yeom et al., J Bone Joint Surg
Br 2003). These are synthetic assumptions for a demonstration, not calibrated to a publication.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.protocol import ranges as rg
from ablacem.protocol.timepoints import POST

MEASURED_SHARE = 0.6
MEAN_LOSS_ML = 0.3
SD_ML = 0.45
MISSED_LEAK_SHARE = 0.1
EXTRA_LEAK_SHARE = 0.12


def add_ct_measurements(imaging: pd.DataFrame, procedures: pd.DataFrame, rng) -> pd.DataFrame:
    """``imaging`` with ``ct_cement_ml`` and ``ct_leakage`` filled on the measured post-procedure rows."""
    out = imaging.copy()
    proc = procedures.set_index("lesion_id")
    post = out["timepoint"].eq(POST).to_numpy() & out["lesion_id"].isin(proc.index).to_numpy()
    n = len(out)
    measured = post & (rng.random(n) < MEASURED_SHARE)
    injected = out["lesion_id"].map(proc["cement_ml"]).astype("float64").to_numpy()
    measured &= ~np.isnan(injected)
    volume = np.clip(injected - MEAN_LOSS_ML + rng.normal(0, SD_ML, n), 0, rg.CEMENT_ML.maximum)
    reported = out["lesion_id"].map(proc["cement_leakage"]).fillna(False).astype(bool).to_numpy()
    u = rng.random(n)
    seen = np.where(reported, u >= MISSED_LEAK_SHARE, u < EXTRA_LEAK_SHARE)
    out["ct_cement_ml"] = pd.Series(np.round(volume, 1), index=out.index).where(measured)
    out["ct_leakage"] = pd.Series(seen, index=out.index, dtype="boolean").where(measured, pd.NA)
    return out
