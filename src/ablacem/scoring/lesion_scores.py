"""Lesion stability and fracture-risk scores: SINS (spine) and Mirels (long bones)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ablacem.protocol import codelists as cl
from ablacem.protocol import ranges as rg

from ._inputs import as_frame, unwrap
from ._rows import row_label

SINS_COMPONENTS: dict[str, cl.CodeList] = {
    "sins_location": cl.SINS_LOCATION,
    "sins_pain": cl.SINS_PAIN,
    "sins_bone_lesion": cl.SINS_BONE_LESION,
    "sins_alignment": cl.SINS_ALIGNMENT,
    "sins_collapse": cl.SINS_COLLAPSE,
    "sins_posterolateral": cl.SINS_POSTEROLATERAL,
}
MIRELS_COMPONENTS: dict[str, cl.CodeList] = {
    "mirels_site": cl.MIRELS_SITE,
    "mirels_pain": cl.MIRELS_PAIN,
    "mirels_lesion": cl.MIRELS_LESION,
    "mirels_size": cl.MIRELS_SIZE,
}
#: Mirels total at or above which the fracture risk is high.
MIRELS_HIGH_RISK = 9


def _total(components: pd.DataFrame | pd.Series | Mapping, parts: dict[str, cl.CodeList], name: str):
    frame, single = as_frame(components)
    missing = [c for c in parts if c not in frame]
    if missing:
        raise KeyError(f"{name} needs the components {', '.join(missing)}")
    values = frame[list(parts)].apply(pd.to_numeric, errors="raise").astype("float64")
    for column, codes in parts.items():
        allowed = {float(c) for c in codes.codes}
        bad = values[column].notna() & ~values[column].isin(allowed)
        if bad.any():
            row = row_label(values.index, bad.to_numpy())
            raise ValueError(
                f"{name}: row {row!r}, {column} = {values.at[row, column]:g} is not one of {', '.join(codes.codes)}"
            )
    total = values.sum(axis=1, min_count=len(parts)).where(values.notna().all(axis=1))
    return unwrap(total.astype("Float64").astype("float64"), single)


def sins_total(components: pd.DataFrame | pd.Series | Mapping):
    """Spinal Instability Neoplastic Score from its six components.

    Source: Fisher CG et al. A novel classification system for spinal instability in
    neoplastic disease. Spine 2010;35(22):E1221-9. Components are entered as their points
    (location 0-3, pain 0/1/3, bone lesion 0-2, alignment 0/2/4, collapse 0-3,
    posterolateral 0/1/3).

    Parameters
    ----------
    components : DataFrame, Series or mapping
        Columns ``sins_location``, ``sins_pain``, ``sins_bone_lesion``, ``sins_alignment``,
        ``sins_collapse``, ``sins_posterolateral``.

    Returns
    -------
    Series of float, or a float for a single record
        The total 0-18; NaN (None for a single record) when any component is missing.
    """
    return _total(components, SINS_COMPONENTS, "SINS")


def _check_totals(values: pd.Series, rule, name: str, *, single: bool) -> None:
    """Raise when a total is not a whole number within ``rule`` (a protocol NumericRange)."""
    for label, value in values.dropna().items():
        problem = rule.problem(float(value))
        if problem is not None:
            where = "" if single else f"row {label!r}, "
            raise ValueError(f"{name}: {where}total = {value:g}: {problem}")


def sins_category(total):
    """SINS category: 0-6 ``stable``, 7-12 ``potentially_unstable``, 13-18 ``unstable`` (Fisher 2010).

    Source: Fisher CG et al. Spine 2010;35(22):E1221-9.

    Parameters
    ----------
    total : float, int, None or Series
        SINS total (NaN/None = unknown).

    Returns
    -------
    str or None, or a Series of them

    Raises
    ------
    ValueError
        If a total is not a whole number from 0 to 18.
    """
    values = pd.Series([total], dtype="float64") if not isinstance(total, pd.Series) else total.astype("float64")
    _check_totals(values, rg.SINS_TOTAL, "SINS category", single=not isinstance(total, pd.Series))
    out = pd.Series(
        np.select([values <= 6, values <= 12, values <= 18], ["stable", "potentially_unstable", "unstable"], None),
        index=values.index,
        dtype=object,
    ).where(values.notna(), None)
    return out if isinstance(total, pd.Series) else out.iloc[0]


def mirels_total(components: pd.DataFrame | pd.Series | Mapping):
    """Mirels score for impending pathologic fracture of a long bone.

    Source: Mirels H. Metastatic disease in long bones: a proposed scoring system for
    diagnosing impending pathologic fractures. Clin Orthop Relat Res 1989;(249):256-64.
    Site, pain, lesion and size each score 1-3; the total is 4-12.

    Parameters
    ----------
    components : DataFrame, Series or mapping
        Columns ``mirels_site``, ``mirels_pain``, ``mirels_lesion``, ``mirels_size``.

    Returns
    -------
    Series of float, or a float for a single record; NaN/None when a component is missing.
    """
    return _total(components, MIRELS_COMPONENTS, "Mirels")


def mirels_high_risk(total):
    """True when the Mirels total is 9 or more (prophylactic fixation considered; Mirels 1989).

    Source: Mirels H. Clin Orthop Relat Res 1989;(249):256-64.

    Raises
    ------
    ValueError
        If a total is not a whole number from 4 to 12.
    """
    values = pd.Series([total], dtype="float64") if not isinstance(total, pd.Series) else total.astype("float64")
    _check_totals(values, rg.MIRELS_TOTAL, "Mirels high risk", single=not isinstance(total, pd.Series))
    if isinstance(total, pd.Series):
        return (total.astype("float64") >= MIRELS_HIGH_RISK).where(total.notna(), None)
    return None if total is None or pd.isna(total) else bool(total >= MIRELS_HIGH_RISK)
