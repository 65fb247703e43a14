"""EORTC QLQ-C30 item responses that move with pain.

Each answered item comes from a latent severity built from the visit's pain, the patient's
frailty (ECOG plus a personal effect) and mood, with item-specific weights and offsets, cut
into the response categories (1-4 for items 1-28, where higher is worse; 1-7 for items 29-30,
where higher is better). Scale structure: EORTC QLQ-C30 Scoring Manual, 3rd edition (Fayers
et al., EORTC 2001). No item wording is used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.protocol.codelists import DONE
from ablacem.protocol.ranges import QLQC30_ITEMS

from . import calibration as cal

# Item: (pain weight, frailty weight, mood weight, offset). Items 1-28.
_ITEM_WEIGHTS: dict[int, tuple[float, float, float, float]] = {
    **{i: (0.5, 0.9, 0.1, b) for i, b in zip(range(1, 6), (0.3, 0.6, -0.3, -0.4, -1.2), strict=True)},  # PF2
    6: (0.6, 0.8, 0.1, 0.5),  # RF2
    7: (0.6, 0.8, 0.1, 0.4),
    8: (0.1, 0.5, 0.0, -0.3),  # DY
    9: (1.0, 0.2, 0.0, 0.2),  # PA
    19: (1.0, 0.2, 0.0, 0.0),
    10: (0.4, 0.6, 0.3, 0.2),  # FA
    12: (0.4, 0.6, 0.3, 0.0),
    18: (0.4, 0.6, 0.3, 0.3),
    11: (0.5, 0.0, 0.5, 0.0),  # SL
    13: (0.1, 0.5, 0.1, -0.3),  # AP
    14: (0.0, 0.3, 0.1, -1.2),  # NV
    15: (0.0, 0.3, 0.1, -1.6),
    16: (0.3, 0.2, 0.0, -0.2),  # CO (opioids)
    17: (0.0, 0.1, 0.0, -1.5),  # DI
    20: (0.1, 0.2, 0.4, -0.6),  # CF
    25: (0.1, 0.2, 0.4, -0.8),
    **dict.fromkeys(range(21, 25), (0.3, 0.1, 0.8, -0.1)),  # EF
    26: (0.4, 0.5, 0.3, -0.2),  # SF
    27: (0.4, 0.5, 0.3, -0.3),
    28: (0.0, 0.1, 0.3, -0.6),  # FI
}
_CUTS = np.array([-0.4, 0.6, 1.5])


def make_items(visits: pd.DataFrame, vas_worst: np.ndarray, ecog: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Items ``q1``..``q30`` (nullable integers) for done visits with a returned questionnaire,
    and ``qlqc30_missing_reason`` where a done visit has blank items: ``not_returned`` for a
    questionnaire not returned, ``declined`` for single blank items (a capture rule of the EDC:
    a blank is explained, never an oversight).

    Parameters
    ----------
    visits : DataFrame
        With ``status`` and ``patient_index``.
    vas_worst : ndarray
        Worst pain per visit row (NaN when not done).
    ecog : ndarray
        ECOG per patient.
    """
    n_rows = len(visits)
    n_patients = len(ecog)
    pidx = visits["patient_index"].to_numpy()
    frail = ((ecog - 1.4) * 0.6 + rng.normal(0, 0.6, n_patients))[pidx]
    mood = rng.normal(0, 0.7, n_patients)[pidx]
    pain = (np.nan_to_num(vas_worst, nan=5.0) - 5.0) / 2.5

    numbers = np.arange(1, 29)
    weights = np.array([_ITEM_WEIGHTS[i] for i in numbers])
    latent = (
        pain[:, None] * weights[:, 0]
        + frail[:, None] * weights[:, 1]
        + mood[:, None] * weights[:, 2]
        + weights[:, 3]
        + rng.normal(0, 0.7, (n_rows, len(numbers)))
    )
    four_point = 1 + (latent[:, :, None] > _CUTS).sum(axis=2)
    global_latent = 4.3 - 0.8 * pain - 0.6 * frail - 0.3 * mood
    seven_point = np.clip(np.round(global_latent[:, None] + rng.normal(0, 0.8, (n_rows, 2))), 1, 7)
    items = np.hstack([four_point, seven_point]).astype("float64")

    done = visits["status"].to_numpy() == DONE
    returned = done & (rng.random(n_rows) >= cal.QLQ_MISSING_FORM_RATE)
    blank = rng.random(items.shape) < cal.QLQ_MISSING_ITEM_RATE
    items[~returned, :] = np.nan
    items[blank] = np.nan
    reason = np.where(
        done & ~returned, "not_returned", np.where(done & np.isnan(items).any(axis=1), "declined", None)
    ).astype(object)
    frame = pd.DataFrame(
        {name: pd.array(items[:, k], dtype="Int64") for k, name in enumerate(QLQC30_ITEMS)}, index=visits.index
    )
    frame["qlqc30_missing_reason"] = pd.Series(reason, index=visits.index).where(lambda r: r.notna(), np.nan)
    return frame
