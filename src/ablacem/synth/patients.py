"""Patients: enrolment, demographics, diagnosis and the procedure date (day 0)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ablacem.protocol.codelists import BENIGN, MALIGNANT
from ablacem.protocol.study import PATIENT_ID_PREFIX

from . import calibration as cal
from ._random import pick

#: Enrolment is spread over two years.
ENROLMENT_DAYS = 730
#: Consent comes 1 to this many days before the session (baseline is taken in between).
MAX_CONSENT_TO_PROCEDURE_DAYS = 14
#: Probability of a male patient by primary tumour (default 0.5).
_MALE_SHARE = {"breast": 0.01, "prostate": 1.0, "lung": 0.6, "myeloma": 0.55, "thyroid": 0.35, "renal": 0.62}
_ECOG_MALIGNANT = {0: 15, 1: 40, 2: 30, 3: 13, 4: 2}
_ECOG_BENIGN = {0: 50, 1: 40, 2: 10}


#: Codes of the synthetic sites: the first is the single-site default (``ABL``), then made-up centres.
SITE_CODES = (PATIENT_ID_PREFIX, "TOR", "LYO", "MRS", "BDX", "LIL", "NTE", "STR", "RNS", "GRE")


def site_codes(n: int, sites: int = 1) -> np.ndarray:
    """The site of each of ``n`` patients in enrolment order: the ``sites`` first of
    :data:`SITE_CODES` in turn (patient 1 at the first, patient 2 at the second, ...).

    Raises
    ------
    ValueError
        If ``sites`` is not between 1 and the number of :data:`SITE_CODES`.
    """
    if not 1 <= sites <= len(SITE_CODES):
        raise ValueError(f"sites must be between 1 and {len(SITE_CODES)}, got {sites}")
    return np.array([SITE_CODES[i % sites] for i in range(n)], dtype=object)


def patient_ids(n: int, sites: int = 1) -> np.ndarray:
    """``ABL-001`` ... with the width growing for large cohorts (at least three digits); with
    several sites each site numbers its own patients (``ABL-001``, ``TOR-001``, ``ABL-002``, ...)."""
    codes = site_codes(n, sites)
    width = max(3, len(str(-(-n // sites))))
    seen: dict[str, int] = {}
    ids = []
    for code in codes:
        seen[code] = seen.get(code, 0) + 1
        ids.append(f"{code}-{seen[code]:0{width}d}")
    return np.array(ids, dtype=object)


def calendar_age(birth: pd.Series, on: pd.Series) -> np.ndarray:
    """Completed years between ``birth`` and ``on`` (both datetime Series)."""
    before_birthday = (on.dt.month < birth.dt.month) | ((on.dt.month == birth.dt.month) & (on.dt.day < birth.dt.day))
    return (on.dt.year - birth.dt.year - before_birthday.astype(int)).to_numpy()


def make_patients(n: int, rng: np.random.Generator, start: dt.date, sites: int = 1) -> pd.DataFrame:
    """One row per patient, with the internal columns later parts need (``sites``: how many
    sites enrol them, in turn; see :func:`site_codes`).

    Returns
    -------
    DataFrame
        Clinical columns (``patient_id``, ``site``, ``enrolled_on``, ``age``, ``sex``, ``ecog``,
        ``diagnosis``, ``primary_tumour``) plus ``procedure_date`` (day 0) and ``birth_date``,
        which go to the procedures and identifiers tables.
    """
    offsets = np.floor((np.arange(n) + rng.random(n)) * ENROLMENT_DAYS / n).astype(int)
    enrolled = np.datetime64(start, "D") + offsets
    # Consent comes 1-14 days before the session (baseline is taken in between).
    procedure = enrolled + rng.integers(1, MAX_CONSENT_TO_PROCEDURE_DAYS + 1, size=n)

    benign = rng.random(n) < cal.BENIGN_SHARE
    primary = np.where(benign, pick(rng, cal.BENIGN_WEIGHTS, n), pick(rng, cal.MALIGNANT_WEIGHTS, n)).astype(object)
    male_p = np.where(benign, 0.45, pd.Series(primary, dtype=object).map(_MALE_SHARE).fillna(0.5).to_numpy(float))
    sex = np.where(rng.random(n) < male_p, "M", "F").astype(object)
    ecog = np.where(
        benign,
        pick(rng, {str(k): v for k, v in _ECOG_BENIGN.items()}, n),
        pick(rng, {str(k): v for k, v in _ECOG_MALIGNANT.items()}, n),
    ).astype(int)

    age_years = np.where(benign, rng.normal(48, 15, n), rng.normal(64, 11, n))
    age_years = np.clip(age_years, 18.2, 94.0)
    birth = enrolled - np.round(age_years * 365.25).astype(int)
    enrolled_s = pd.Series(enrolled.astype("datetime64[ns]"))
    birth_s = pd.Series(birth.astype("datetime64[ns]"))
    return pd.DataFrame(
        {
            "patient_id": patient_ids(n, sites),
            "site": site_codes(n, sites),
            "enrolled_on": enrolled_s,
            "age": calendar_age(birth_s, enrolled_s),
            "sex": sex,
            "ecog": ecog,
            "diagnosis": np.where(benign, BENIGN, MALIGNANT).astype(object),
            "primary_tumour": primary,
            "procedure_date": procedure.astype("datetime64[ns]"),
            "birth_date": birth_s,
        }
    )
