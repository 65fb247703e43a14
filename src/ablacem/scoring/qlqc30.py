"""EORTC QLQ-C30 version 3.0: scale scores and the summary score, vectorised.

Sources
-------
- Fayers PM, Aaronson NK, Bjordal K, et al. The EORTC QLQ-C30 Scoring Manual, 3rd edition.
  Brussels: EORTC, 2001. Scale structure, linear transformation to 0-100, half rule.
- Giesinger JM, Kieffer JM, Fayers PM, et al. Replication and validation of higher order models
  demonstrated that a summary score for the EORTC QLQ-C30 is robust. J Clin Epidemiol
  2016;69:79-88. The summary score (``SUMMARY``).

Only the scale structure and item numbers are declared here: the item wording is copyrighted
by the EORTC and must never be shipped with ablacem.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ablacem.protocol.ranges import QLQC30_ITEM_RANGE, QLQC30_ITEMS

from ._inputs import as_frame, unwrap
from ._rows import row_label

GLOBAL = "global"
FUNCTIONAL = "functional"
SYMPTOM = "symptom"
KINDS: tuple[str, ...] = (GLOBAL, FUNCTIONAL, SYMPTOM)


class QLQC30Error(ValueError):
    """An item value the QLQ-C30 does not allow (out of range or not a whole number)."""


@dataclass(frozen=True)
class Scale:
    """One QLQ-C30 scale.

    Attributes
    ----------
    code : str
        EORTC scale code (``QL2``, ``PF2``, ...).
    label : str
        What the scale measures (the scale name, never the item wording).
    items : tuple of int
        Item numbers (1-30) that make up the scale.
    kind : str
        ``global``, ``functional`` or ``symptom``.
    """

    code: str
    label: str
    items: tuple[int, ...]
    kind: str

    @property
    def columns(self) -> tuple[str, ...]:
        """Item column names (``q1``...) of the scale."""
        return tuple(f"q{i}" for i in self.items)

    @property
    def item_range(self) -> float:
        """Range of the item responses (3 for items 1-28, 6 for items 29-30), from the protocol."""
        ranges = {QLQC30_ITEM_RANGE[c].maximum - QLQC30_ITEM_RANGE[c].minimum for c in self.columns}
        if len(ranges) != 1:  # pragma: no cover - guards the declaration below
            raise AssertionError(f"items of {self.code} have different ranges")
        return float(ranges.pop())

    @property
    def min_answered(self) -> int:
        """Items needed to score the scale: at least half of them (the manual's half rule)."""
        return (len(self.items) + 1) // 2


SCALES: tuple[Scale, ...] = (
    Scale("QL2", "Global health status / QoL", (29, 30), GLOBAL),
    Scale("PF2", "Physical functioning", (1, 2, 3, 4, 5), FUNCTIONAL),
    Scale("RF2", "Role functioning", (6, 7), FUNCTIONAL),
    Scale("EF", "Emotional functioning", (21, 22, 23, 24), FUNCTIONAL),
    Scale("CF", "Cognitive functioning", (20, 25), FUNCTIONAL),
    Scale("SF", "Social functioning", (26, 27), FUNCTIONAL),
    Scale("FA", "Fatigue", (10, 12, 18), SYMPTOM),
    Scale("NV", "Nausea and vomiting", (14, 15), SYMPTOM),
    Scale("PA", "Pain", (9, 19), SYMPTOM),
    Scale("DY", "Dyspnoea", (8,), SYMPTOM),
    Scale("SL", "Insomnia", (11,), SYMPTOM),
    Scale("AP", "Appetite loss", (13,), SYMPTOM),
    Scale("CO", "Constipation", (16,), SYMPTOM),
    Scale("DI", "Diarrhoea", (17,), SYMPTOM),
    Scale("FI", "Financial difficulties", (28,), SYMPTOM),
)
SUMMARY = "SUMMARY"
SCALE_CODES: tuple[str, ...] = (*(s.code for s in SCALES), SUMMARY)
FUNCTIONAL_CODES: tuple[str, ...] = tuple(s.code for s in SCALES if s.kind == FUNCTIONAL)
SYMPTOM_CODES: tuple[str, ...] = tuple(s.code for s in SCALES if s.kind == SYMPTOM)
#: Symptom scales that enter the summary score (reversed); FI and QL2 do not (Giesinger 2016).
SUMMARY_SYMPTOM_CODES: tuple[str, ...] = tuple(c for c in SYMPTOM_CODES if c != "FI")
SUMMARY_COMPONENTS: tuple[str, ...] = FUNCTIONAL_CODES + SUMMARY_SYMPTOM_CODES

_BY_CODE: dict[str, Scale] = {s.code: s for s in SCALES}


def get_scale(code: str) -> Scale:
    """The scale with this code.

    Raises
    ------
    KeyError
        If there is no such scale; the message lists the codes.
    """
    try:
        return _BY_CODE[code]
    except KeyError:
        raise KeyError(f"{code!r} is not a QLQ-C30 scale ({', '.join(_BY_CODE)})") from None


def higher_is_better(code: str) -> bool:
    """True when a higher score is better: QL2, the functional scales and SUMMARY.

    Raises
    ------
    KeyError
        If ``code`` is not one of ``SCALE_CODES``.
    """
    if code == SUMMARY:
        return True
    return get_scale(code).kind != SYMPTOM


def _item_matrix(frame: pd.DataFrame) -> np.ndarray:
    """The q1..q30 values as a float (n, 30) array, NaN = missing; bad values raise QLQC30Error."""
    matrix = np.full((len(frame), len(QLQC30_ITEMS)), np.nan)
    for j, column in enumerate(QLQC30_ITEMS):
        if column not in frame:
            continue
        raw = frame[column]
        if pd.api.types.is_bool_dtype(raw):
            raise QLQC30Error(f"QLQ-C30 item {column} holds booleans; expected numbers 1-4 (1-7 for q29, q30)")
        values = pd.to_numeric(raw, errors="coerce").astype("float64").to_numpy()
        not_numeric = np.isnan(values) & raw.notna().to_numpy()
        if not_numeric.any():
            # Blank strings (as read from a CSV or a form) mean "missing"; only look at the few failures.
            positions = np.flatnonzero(not_numeric)
            blank = [isinstance(v, str) and not v.strip() for v in raw.iloc[positions]]
            not_numeric[positions[blank]] = False
        if not_numeric.any():
            row = row_label(frame.index, not_numeric)
            bad = raw.iloc[np.flatnonzero(not_numeric)[0]]
            raise QLQC30Error(f"QLQ-C30: row {row!r}, {column} = {bad!r} is not a number")
        rule = QLQC30_ITEM_RANGE[column]
        with np.errstate(invalid="ignore"):
            bad_mask = ~np.isnan(values) & (
                (values < rule.minimum) | (values > rule.maximum) | (values != np.round(values))
            )
        if bad_mask.any():
            position = np.flatnonzero(bad_mask)[0]
            value = values[position]
            raise QLQC30Error(
                f"QLQ-C30: row {row_label(frame.index, position)!r}, {column} = {value:g}: {rule.problem(value)}"
            )
        matrix[:, j] = values
    return matrix


def score(items: pd.DataFrame | pd.Series | Mapping) -> pd.DataFrame | pd.Series:
    """Score the EORTC QLQ-C30 (version 3.0) scales and the summary score.

    Rules (Scoring Manual, 3rd ed., Fayers et al. 2001): the raw score is the mean of the
    answered items of a scale; functional scales S = (1 - (RS - 1) / range) * 100, symptom
    scales and global health S = (RS - 1) / range * 100, with range 3 for items 1-28 and 6 for
    items 29-30. Half rule: a scale is scored when at least half of its items are answered,
    otherwise it is missing. SUMMARY (Giesinger et al. 2016) is the mean of PF2, RF2, EF, CF,
    SF and 100 - x for FA, NV, PA, DY, SL, AP, CO, DI; **ablacem rule**: computed only when all
    13 of those scales are scored, else missing.

    Parameters
    ----------
    items : DataFrame, Series or mapping
        Columns ``q1``..``q30`` (NaN/None/blank = missing; Int64, float or object numbers).
        Extra columns are ignored; an absent item column counts as missing for every row.

    Returns
    -------
    DataFrame, or Series for a single record
        Columns ``QL2, PF2, RF2, EF, CF, SF, FA, NV, PA, DY, SL, AP, CO, DI, FI, SUMMARY``
        (float64, NaN where not scorable), with the input's index.

    Raises
    ------
    QLQC30Error
        If an item is not a number, outside its range (1-4; 1-7 for q29, q30) or not a whole
        number; the message names the row (index label) and the item.
    """
    frame, single = as_frame(items)
    matrix = _item_matrix(frame)
    answered = ~np.isnan(matrix)
    filled = np.where(answered, matrix, 0.0)
    out: dict[str, np.ndarray] = {}
    for scale in SCALES:
        idx = [i - 1 for i in scale.items]
        n = answered[:, idx].sum(axis=1)
        total = filled[:, idx].sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            raw = np.where(n >= scale.min_answered, total / n, np.nan)
        linear = (raw - 1.0) / scale.item_range * 100.0
        out[scale.code] = 100.0 - linear if scale.kind == FUNCTIONAL else linear
    parts = np.column_stack([out[c] for c in FUNCTIONAL_CODES] + [100.0 - out[c] for c in SUMMARY_SYMPTOM_CODES])
    # Mean over all 13 components; NaN propagates, which is the ablacem rule (all 13 needed).
    out[SUMMARY] = parts.mean(axis=1) if len(parts) else np.empty(0)
    result = pd.DataFrame(out, index=frame.index, columns=list(SCALE_CODES), dtype="float64")
    if single:
        return unwrap(result, True)
    return result
