"""CIRSE complication classification helpers.

Source: Filippiadis DK et al. Cardiovascular and Interventional Radiological Society of Europe
guidelines on reporting complications in interventional radiology. Cardiovasc Intervent
Radiol 2017;40(8):1141-1146. Grades 1-6; **ablacem rule**: grade 3 or higher is "major".
"""

from __future__ import annotations

import pandas as pd

from ablacem.protocol.ranges import CIRSE_GRADE

MAJOR_FROM_GRADE = 3
GRADES: tuple[int, ...] = tuple(range(int(CIRSE_GRADE.minimum), int(CIRSE_GRADE.maximum) + 1))


def is_major(grade):
    """True for CIRSE grade 3 or higher (ablacem rule), for a scalar or a Series.

    Raises
    ------
    ValueError
        If a grade is outside 1-6.
    """
    values = pd.Series([grade], dtype="float64") if not isinstance(grade, pd.Series) else grade.astype("float64")
    bad = values.notna() & ~values.isin(GRADES)
    if bad.any():
        raise ValueError(f"CIRSE grade must be one of 1-6, got {values[bad].iloc[0]:g}")
    major = (values >= MAJOR_FROM_GRADE).astype("boolean").where(values.notna(), pd.NA)
    if isinstance(grade, pd.Series):
        return major
    value = major.iloc[0]
    return None if pd.isna(value) else bool(value)
