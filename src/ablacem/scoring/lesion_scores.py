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

_JUNCTIONAL = ("C1", "C2", "C7", "T1", "T2", "T11", "T12", "L1", "L5", "S1")
_MOBILE = ("C3", "C4", "C5", "C6", "L2", "L3", "L4")


def _level_points(level: str) -> int:
    if level in _JUNCTIONAL:
        return 3
    if level in _MOBILE:
        return 2
    return 1 if level.startswith("T") else 0  # T3-T10 semi-rigid; S2-S5 rigid


#: SINS location by vertebral level (Fisher 2010): junctional (occiput-C2, C7-T2, T11-L1, L5-S1) 3,
#: mobile (C3-C6, L2-L4) 2, semi-rigid (T3-T10) 1, rigid (S2-S5) 0.
SINS_LOCATION_BY_LEVEL: dict[str, int] = {level: _level_points(level) for level in cl.SPINAL_SITES}
#: SINS bone lesion points (Fisher 2010) and Mirels lesion points (Mirels 1989) by lesion type.
SINS_BONE_LESION_BY_TYPE: dict[str, int] = {"lytic": 2, "mixed": 1, "blastic": 0}
MIRELS_LESION_BY_TYPE: dict[str, int] = {"blastic": 1, "mixed": 2, "lytic": 3}


def sins_location_points(site):
    """SINS location points of a vertebral level (``C1`` ... ``S5``); None/NaN for other sites.

    Source: Fisher CG et al. Spine 2010;35(22):E1221-9: junctional (occiput-C2, C7-T2, T11-L1,
    L5-S1) 3, mobile spine (C3-C6, L2-L4) 2, semi-rigid (T3-T10) 1, rigid (S2-S5) 0.

    Parameters
    ----------
    site : str or Series of str
        Codes of ``codelists.LESION_SITE``.

    Returns
    -------
    int or None, or a float Series (NaN for extraspinal or missing sites)
    """
    if isinstance(site, pd.Series):
        return site.map(SINS_LOCATION_BY_LEVEL).astype("float64")
    return SINS_LOCATION_BY_LEVEL.get(site)


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
