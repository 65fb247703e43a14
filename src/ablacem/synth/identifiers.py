"""Fake identifying data (name, hospital number, birth date), kept apart from the clinical tables.

It exists so that de-identified exports can be tested for leaks; the names are invented
combinations of common first names and surnames.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_FIRST_F = (
    "Anna", "Maria", "Sophie", "Julia", "Laura", "Emma", "Clara", "Elena", "Sarah", "Nina",
    "Louise", "Hannah", "Chiara", "Ines", "Marta", "Eva", "Alice", "Lucia", "Paula", "Helen",
)  # fmt: skip
_FIRST_M = (
    "Peter", "Thomas", "Marco", "Luca", "Jan", "David", "Paul", "Martin", "Pierre", "Jonas",
    "Felix", "Daniel", "Hugo", "Tomas", "Simon", "Karl", "Antoine", "Miguel", "Oliver", "Leon",
)  # fmt: skip
_SURNAMES = (
    "Muller", "Rossi", "Martin", "Garcia", "Schmidt", "Bernard", "Ferrari", "Novak", "Weber", "Dubois",
    "Romano", "Fischer", "Moreau", "Lopez", "Bianchi", "Wagner", "Laurent", "Costa", "Meyer", "Fontaine",
    "Keller", "Ricci", "Huber", "Girard", "Marino", "Becker", "Lambert", "Greco", "Koch", "Roux",
)  # fmt: skip
HOSPITAL_NUMBER_DIGITS = 7


def make_identifiers(patients: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per patient: ``patient_id``, fake ``name``, ``hospital_number`` (``H`` + 7 digits), ``birth_date``."""
    n = len(patients)
    female = patients["sex"].to_numpy() == "F"
    first = np.where(
        female,
        np.asarray(_FIRST_F, dtype=object)[rng.integers(0, len(_FIRST_F), n)],
        np.asarray(_FIRST_M, dtype=object)[rng.integers(0, len(_FIRST_M), n)],
    )
    last = np.asarray(_SURNAMES, dtype=object)[rng.integers(0, len(_SURNAMES), n)]
    low = 10 ** (HOSPITAL_NUMBER_DIGITS - 1)
    numbers = rng.choice(10**HOSPITAL_NUMBER_DIGITS - low, size=n, replace=False) + low
    return pd.DataFrame(
        {
            "patient_id": patients["patient_id"].to_numpy(),
            "name": first + " " + last,
            "hospital_number": np.char.add("H", numbers.astype(str)).astype(object),
            "birth_date": patients["birth_date"].to_numpy(),
        }
    )
