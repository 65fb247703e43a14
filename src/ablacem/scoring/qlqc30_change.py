"""QLQ-C30 change categories between two assessments: improved, stable or worsened.

Source: Osoba D, Rodrigues G, Myles J, Zee B, Pater J. Interpreting the significance of changes
in health-related quality-of-life scores. J Clin Oncol 1998;16(1):139-144 (5-10 points "a
little", 10-20 "moderate", over 20 "very much"). **ablacem rule**: a change of 10 points or
more in the favourable direction is ``improved``, 10 or more in the unfavourable direction
``worsened``, anything smaller ``stable``. Favourable is up for QL2, the functional scales and
SUMMARY, down for the symptom scales.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .qlqc30 import SCALE_CODES, higher_is_better

IMPROVED = "improved"
STABLE = "stable"
WORSENED = "worsened"
CATEGORIES: tuple[str, ...] = (IMPROVED, STABLE, WORSENED)
#: Minimal important difference in points (ablacem rule, after Osoba 1998).
THRESHOLD = 10.0
# Scores are thirds, ninths and twelfths of 100, so a true 10-point change can come out as
# 9.999999999999998 in floating point; this tolerance keeps it at 10.
_TOLERANCE = 1e-9


def change_category(baseline, follow_up, scale: str):
    """Classify the change of one QLQ-C30 scale score from ``baseline`` to ``follow_up``.

    Parameters
    ----------
    baseline, follow_up : float or Series
        Scale scores 0-100 (NaN/None = missing). Series are matched by index label.
    scale : str
        Scale code from ``SCALE_CODES`` (``QL2``, ``PF2``, ..., ``FI``, ``SUMMARY``).

    Returns
    -------
    str or None, or a Series of them
        ``improved``, ``stable`` or ``worsened``; None where either score is missing. A Series
        when either input is a Series, else a scalar.

    Raises
    ------
    KeyError
        If ``scale`` is not a QLQ-C30 scale code.
    """
    sign = 1.0 if higher_is_better(scale) else -1.0
    is_series = isinstance(baseline, pd.Series) or isinstance(follow_up, pd.Series)
    b = _numeric(baseline)
    f = _numeric(follow_up)
    if isinstance(b, pd.Series) and isinstance(f, pd.Series):
        b, f = b.align(f, join="outer")
    favourable = (f - b) * sign
    if not is_series:
        if pd.isna(favourable):
            return None
        return _category(float(favourable))
    values = favourable.to_numpy(dtype="float64")
    labels = np.select(
        [values >= THRESHOLD - _TOLERANCE, values <= -THRESHOLD + _TOLERANCE, ~np.isnan(values)],
        [IMPROVED, WORSENED, STABLE],
        default="",
    )
    return pd.Series(labels, index=favourable.index, dtype=object, name=scale).where(~np.isnan(values), None)


def categorise_changes(baseline: pd.DataFrame, follow_up: pd.DataFrame) -> pd.DataFrame:
    """Change categories for every QLQ-C30 scale present in both frames.

    Parameters
    ----------
    baseline, follow_up : DataFrame
        Scores as returned by :func:`ablacem.scoring.qlqc30.score`, rows matched by index label
        (for example indexed by ``patient_id``).

    Returns
    -------
    DataFrame
        One column per scale code found in both inputs (in ``SCALE_CODES`` order), values
        ``improved``/``stable``/``worsened`` or None; index = union of both indexes.

    Raises
    ------
    ValueError
        If the frames share no scale column.
    """
    codes = [c for c in SCALE_CODES if c in baseline.columns and c in follow_up.columns]
    if not codes:
        raise ValueError(f"no QLQ-C30 scale columns ({', '.join(SCALE_CODES)}) in both baseline and follow-up")
    b, f = baseline[codes].align(follow_up[codes], join="outer")
    return pd.DataFrame({c: change_category(b[c], f[c], c) for c in codes}, index=b.index, columns=codes)


def _category(favourable: float) -> str:
    if favourable >= THRESHOLD - _TOLERANCE:
        return IMPROVED
    if favourable <= -THRESHOLD + _TOLERANCE:
        return WORSENED
    return STABLE


def _numeric(value):
    if isinstance(value, pd.Series):
        return pd.to_numeric(value, errors="raise").astype("float64")
    return np.nan if value is None or pd.isna(value) else float(value)
