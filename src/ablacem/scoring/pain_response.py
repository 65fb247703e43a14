"""Pain response after treatment of a painful bone lesion (International Bone Metastases Consensus).

Source: Chow E, Hoskin P, Mitera G, et al. Update of the international consensus on palliative
radiotherapy endpoints for future clinical trials in bone metastases. Int J Radiat Oncol Biol
Phys 2012;82(5):1730-1737. Pain is the worst pain at the treated site in the last 24 hours
(0-10); analgesics are the oral morphine equivalent daily dose (OMED, :mod:`ablacem.scoring.mme`).

**ablacem rule** (operational form). With b, f the baseline and follow-up pain, d = f - b:

- analgesic increase: OMED >= 1.25 x baseline OMED (from a baseline of 0: any OMED above 0);
  decrease: baseline OMED > 0 and OMED <= 0.75 x baseline OMED; otherwise stable.
- evaluated in this order: ``complete`` if f = 0 and no increase; ``partial`` if (d <= -2 and
  no increase) or (decrease and d <= 0); ``progression`` if (d >= +2 and stable) or (increase
  and 0 <= d <= +1); otherwise ``indeterminate``.
- ``not_evaluable`` unless b >= 2 and pain and OMED are known at both timepoints.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.protocol.ranges import VAS

from ._rows import row_label

COMPLETE = "complete"
PARTIAL = "partial"
INDETERMINATE = "indeterminate"
PROGRESSION = "progression"
NOT_EVALUABLE = "not_evaluable"
CATEGORIES: tuple[str, ...] = (COMPLETE, PARTIAL, INDETERMINATE, PROGRESSION, NOT_EVALUABLE)
RESPONDER_CATEGORIES: tuple[str, ...] = (COMPLETE, PARTIAL)
#: The categories of an evaluable patient (every category but ``not_evaluable``).
EVALUABLE_CATEGORIES: tuple[str, ...] = tuple(c for c in CATEGORIES if c != NOT_EVALUABLE)

#: Smallest baseline pain for which a response can be assessed.
MIN_BASELINE_PAIN = 2.0
PAIN_CHANGE = 2.0
OMED_INCREASE_RATIO = 1.25
OMED_DECREASE_RATIO = 0.75
# VAS has one decimal and MME products are decimal fractions; binary floating point turns e.g.
# 8.2 - 6.2 into 1.9999999999999991. Differences are rounded and ratios compared with this slack.
_PAIN_DECIMALS = 9
_RELATIVE_SLACK = 1e-9


def classify(baseline_pain, follow_up_pain, baseline_omed, follow_up_omed):
    """Classify the pain response at a follow-up timepoint.

    Source: Chow E et al. Int J Radiat Oncol Biol Phys 2012;82:1730-1737; the ablacem
    operational rule is spelled out in the module docstring.

    Parameters
    ----------
    baseline_pain, follow_up_pain : float or Series
        Worst pain 0-10 (NaN/None = unknown).
    baseline_omed, follow_up_omed : float or Series
        OMED in mg/day, >= 0 (NaN/None = unknown, e.g. a dose that could not be converted).
        Series are aligned on their index; scalars are broadcast.

    Returns
    -------
    str, or a Series of str
        One of ``CATEGORIES``; a Series (named ``pain_response``) when any input is a Series.

    Raises
    ------
    ValueError
        If a pain score is outside 0-10 or an OMED is negative.
    """
    inputs = {
        "baseline_pain": baseline_pain,
        "follow_up_pain": follow_up_pain,
        "baseline_omed": baseline_omed,
        "follow_up_omed": follow_up_omed,
    }
    is_series = any(isinstance(v, pd.Series) for v in inputs.values())
    if is_series:
        frame = pd.DataFrame(inputs)
    else:
        frame = pd.DataFrame({k: [v] for k, v in inputs.items()})
    values = {k: pd.to_numeric(frame[k], errors="raise").astype("float64").to_numpy() for k in inputs}
    b, f = values["baseline_pain"], values["follow_up_pain"]
    b_omed, f_omed = values["baseline_omed"], values["follow_up_omed"]
    _check(frame.index, values)

    with np.errstate(invalid="ignore"):
        slack = _RELATIVE_SLACK * np.maximum(b_omed, 1.0)
        increase = np.where(b_omed > 0, f_omed >= OMED_INCREASE_RATIO * b_omed - slack, f_omed > 0)
        decrease = (b_omed > 0) & (f_omed <= OMED_DECREASE_RATIO * b_omed + slack)
        stable = ~increase & ~decrease
        d = np.round(f - b, _PAIN_DECIMALS)
        evaluable = (b >= MIN_BASELINE_PAIN) & ~np.isnan(f) & ~np.isnan(b_omed) & ~np.isnan(f_omed)
        labels = np.select(
            [
                ~evaluable,
                (f == 0) & ~increase,
                ((d <= -PAIN_CHANGE) & ~increase) | (decrease & (d <= 0)),
                ((d >= PAIN_CHANGE) & stable) | (increase & (d >= 0) & (d <= 1)),
            ],
            [NOT_EVALUABLE, COMPLETE, PARTIAL, PROGRESSION],
            default=INDETERMINATE,
        )
    if not is_series:
        return str(labels[0])
    return pd.Series(labels, index=frame.index, dtype=object, name="pain_response")


def is_responder(category):
    """True for ``complete`` or ``partial`` (Chow 2012: responders), for a str or a Series."""
    if isinstance(category, pd.Series):
        return category.isin(RESPONDER_CATEGORIES)
    return category in RESPONDER_CATEGORIES


def _check(index: pd.Index, values: dict[str, np.ndarray]) -> None:
    for name in ("baseline_pain", "follow_up_pain"):
        v = values[name]
        bad = ~np.isnan(v) & ((v < VAS.minimum) | (v > VAS.maximum))
        if bad.any():
            position = np.flatnonzero(bad)[0]
            raise ValueError(
                f"pain response: row {row_label(index, position)!r}, {name} = {v[position]:g}: "
                f"pain must be between {VAS.minimum:g} and {VAS.maximum:g}"
            )
    for name in ("baseline_omed", "follow_up_omed"):
        v = values[name]
        bad = ~np.isnan(v) & (v < 0)
        if bad.any():
            position = np.flatnonzero(bad)[0]
            raise ValueError(
                f"pain response: row {row_label(index, position)!r}, {name} = {v[position]:g}: OMED must be >= 0"
            )
