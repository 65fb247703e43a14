"""Pain (VAS 0-10, worst and average over the last 24 h) with patient-level random effects.

Each patient has a baseline pain drawn around the published mean and a personal "response"
effect shared by all follow-up visits (so pain is correlated within a patient), itself
partly correlated with the baseline pain. Follow-up pain is a clipped normal whose latent
mean is solved so the clipped mean hits the published mean (see :mod:`.calibration`).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
from scipy import optimize, stats

from ablacem.protocol.codelists import DONE
from ablacem.protocol.ranges import VAS

from . import calibration as cal

#: Inclusion needs a painful lesion; baseline worst pain below this is not drawn.
BASELINE_MINIMUM = 4.0


def clipped_normal_mean(mu: float, sigma: float, lower: float = VAS.minimum, upper: float = VAS.maximum) -> float:
    """Mean of ``clip(X, lower, upper)`` for ``X ~ Normal(mu, sigma)`` (closed form)."""
    a, b = (lower - mu) / sigma, (upper - mu) / sigma
    inside = mu * (stats.norm.cdf(b) - stats.norm.cdf(a)) + sigma * (stats.norm.pdf(a) - stats.norm.pdf(b))
    return float(lower * stats.norm.cdf(a) + inside + upper * stats.norm.sf(b))


@cache
def latent_mean(target: float, sigma: float) -> float:
    """The latent mean whose clipped normal (0-10) has mean ``target``."""
    return float(optimize.brentq(lambda mu: clipped_normal_mean(mu, sigma) - target, -20, 20))


def make_pain(visits: pd.DataFrame, n_patients: int, rng: np.random.Generator) -> pd.DataFrame:
    """``vas_worst`` and ``vas_average`` for every done visit (NaN otherwise).

    Returns
    -------
    DataFrame
        Same index as ``visits``; also ``patient_effect`` (per row) for the QoL generator.
    """
    z_base = rng.normal(size=n_patients)
    own = rng.normal(size=n_patients)
    effect = cal.VAS_BASELINE_LOADING * z_base + np.sqrt(1 - cal.VAS_BASELINE_LOADING**2) * own
    baseline = np.clip(cal.VAS_BASELINE_MEAN + cal.VAS_BASELINE_SD * z_base, BASELINE_MINIMUM, VAS.maximum)

    pidx = visits["patient_index"].to_numpy()
    tp = visits["timepoint"].to_numpy()
    noise = rng.normal(size=len(visits))
    load = cal.VAS_PATIENT_LOADING
    z = load * effect[pidx] + np.sqrt(1 - load**2) * noise
    worst = baseline[pidx].copy()
    for code, target in cal.VAS_FOLLOW_UP_MEAN.items():
        sd = cal.VAS_FOLLOW_UP_LATENT_SD[code]
        at = tp == code
        worst[at] = latent_mean(target, sd) + sd * z[at]
    worst = np.round(np.clip(worst, VAS.minimum, VAS.maximum), 1)
    gap = np.abs(rng.normal(1.1, 0.7, len(visits)))
    average = np.round(np.clip(worst - gap, VAS.minimum, VAS.maximum), 1)
    done = visits["status"].to_numpy() == DONE
    return pd.DataFrame(
        {
            "vas_worst": np.where(done, worst, np.nan),
            "vas_average": np.where(done, average, np.nan),
            "patient_effect": effect[pidx],
        },
        index=visits.index,
    )
