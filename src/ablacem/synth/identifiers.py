"""Fake identifying data (name, hospital number, birth date, contact details), kept apart from the clinical tables.

It exists so that de-identified exports can be tested for leaks, and so that the demo sends
its invitations somewhere harmless: the names are invented combinations of common first names
and surnames, email addresses are on ``example.org`` (reserved for documentation by RFC 2606,
section 3) and mobile numbers come from ranges reserved for fiction: UK +44 7700 900000 to
900999 (Ofcom, "TV and radio drama" numbers) and French +33 6 39 98 00 00 to 99 99 (ARCEP's
numbers for audiovisual works).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.protocol import codelists as cl

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
#: The reserved email domain (RFC 2606) and the fictitious mobile ranges (prefix, count of numbers).
EMAIL_DOMAIN = "example.org"
FICTITIOUS_MOBILE_RANGES = (("+447700900", 1000), ("+3363998", 10000))
#: Share of patients preferring email, SMS, no messages (an invented mix for the demo).
CHANNEL_SHARES = ((cl.CONTACT_EMAIL, 0.6), (cl.CONTACT_SMS, 0.3), (cl.CONTACT_NONE, 0.1))


def make_identifiers(patients: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per patient: ``patient_id``, fake ``name``, ``hospital_number`` (``H`` + 7 digits),
    ``birth_date``, and contact details: an ``email`` on :data:`EMAIL_DOMAIN`, a distinct
    ``mobile`` from :data:`FICTITIOUS_MOBILE_RANGES`, a ``contact_channel`` and, for those who
    chose email or SMS, ``contact_consent``."""
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
    ids = patients["patient_id"].to_numpy()
    channels = np.asarray([c for c, _ in CHANNEL_SHARES], dtype=object)[
        rng.choice(len(CHANNEL_SHARES), size=n, p=[share for _, share in CHANNEL_SHARES])
    ]
    return pd.DataFrame(
        {
            "patient_id": ids,
            "name": first + " " + last,
            "hospital_number": np.char.add("H", numbers.astype(str)).astype(object),
            "birth_date": patients["birth_date"].to_numpy(),
            "email": [
                f"{f.lower()}.{s.lower()}.{i}@{EMAIL_DOMAIN}"
                for i, (f, s) in enumerate(zip(first, last, strict=True), 1)
            ],
            "mobile": _mobiles(n, rng),
            "contact_channel": channels,
            "contact_consent": channels != cl.CONTACT_NONE,
        }
    )


def _mobiles(n: int, rng: np.random.Generator) -> list[str]:
    """``n`` distinct fictitious mobile numbers, drawn from the reserved ranges together."""
    pool = sum(count for _, count in FICTITIOUS_MOBILE_RANGES)
    if n > pool:
        raise ValueError(f"at most {pool} fictitious mobile numbers, {n} asked")
    out = []
    for k in rng.choice(pool, size=n, replace=False):
        for prefix, count in FICTITIOUS_MOBILE_RANGES:
            if k < count:
                out.append(f"{prefix}{k:0{len(str(count - 1))}d}")
                break
            k -= count
    return out
