"""Observations of a done assessment: the pain VAS, the QLQ-C30 scale scores and the OMED.

- VAS (worst, average): LOINC 38214-3 (pain severity, visual analogue) with the local code
  that says which of the two it is, the value as entered (0-10, UCUM ``{score}``);
- QLQ-C30 scales and the summary score, as :func:`ablacem.scoring.qlqc30.score` computes them
  (EORTC scoring manual, 3rd edition, 2001; Giesinger et al. 2016), local codes
  ``qlqc30-scale`` (``PF2``, ``QL2``, ... ``SUMMARY``), 0-100 ``{score}``; a scale the half rule
  leaves unscored is not written;
- OMED, the oral morphine equivalent daily dose of the visit's analgesics as
  :func:`ablacem.scoring.mme.omed` computes it (CDC 2022), in ``mg/d``; unknown OMED (an
  analgesic without a conversion factor) is not written.

The VAS and scale scores are derived from the visit's QuestionnaireResponse (``derivedFrom``).
"""

from __future__ import annotations

import pandas as pd

from ablacem.dataset.schema import ASSESSMENTS
from ablacem.protocol import codelists as cl
from ablacem.scoring import qlqc30

from . import codes as fc
from .ids import full_url
from .resources import patient_url, ref, timepoint_extension
from .values import by_identifier, fhir_date, identifier, number, present, put_entry

SURVEY = fc.concept(fc.coding(fc.OBSERVATION_CATEGORY, "survey", "Survey"))
_SCORE_UNIT = {"unit": "score", "system": fc.UCUM, "code": "{score}"}
_SCALE_LABELS = {s.code: s.label for s in qlqc30.SCALES} | {qlqc30.SUMMARY: "QLQ-C30 summary score"}


def _observation(pid: str, tp: str, assessed_on: object, name: str, code: dict, quantity: dict) -> dict:
    value = f"{pid}.{tp}.{name}"
    resource: dict = {
        "resourceType": "Observation",
        "identifier": [identifier(fc.SID_OBSERVATION, value)],
        "extension": [timepoint_extension(cl.TIMEPOINT, tp)],
        "status": "final",
        "code": code,
        "subject": ref(patient_url(pid)),
        "valueQuantity": quantity,
    }
    if present(assessed_on):
        resource["effectiveDateTime"] = fhir_date(assessed_on)
    return put_entry(full_url("Observation", value), resource, by_identifier(fc.SID_OBSERVATION, value))


def score_entries(row: pd.Series, scores: pd.Series | None, response: str | None) -> list[dict]:
    """VAS and QLQ-C30 scale-score Observations of one assessment row.

    Parameters
    ----------
    row : Series
        One row of ``assessments``.
    scores : Series or None
        The row's QLQ-C30 scores (:func:`ablacem.scoring.qlqc30.score`), NaN where unscored.
    response : str or None
        fullUrl of the visit's QuestionnaireResponse (None when it has none).
    """
    pid, tp = str(row["patient_id"]), str(row["timepoint"])
    entries = []
    for name in ("vas_worst", "vas_average"):
        if present(row[name]):
            code = fc.concept(
                fc.coding(fc.LOINC, fc.LOINC_PAIN_VAS),
                fc.coding(fc.OBSERVATION_SYSTEM, name, ASSESSMENTS.column(name).label),
            )
            entries.append(
                _observation(pid, tp, row["assessed_on"], name, code, {"value": number(row[name]), **_SCORE_UNIT})
            )
    if scores is not None:
        for scale, value in scores.items():
            if present(value):
                code = fc.concept(fc.coding(fc.SCALE_SYSTEM, str(scale), _SCALE_LABELS[str(scale)]))
                quantity = {"value": float(value), **_SCORE_UNIT}
                entries.append(_observation(pid, tp, row["assessed_on"], f"qlqc30_{scale}", code, quantity))
    for entry in entries:
        entry["resource"]["category"] = [SURVEY]
        if response is not None:
            entry["resource"]["derivedFrom"] = [ref(response)]
    return entries


def omed_entry(pid: str, tp: str, assessed_on: object, omed: object) -> dict | None:
    """The OMED Observation of one visit (None when the OMED is unknown)."""
    if not present(omed):
        return None
    code = fc.concept(fc.coding(fc.OBSERVATION_SYSTEM, fc.OBS_OMED, "Oral morphine equivalent daily dose"))
    quantity = {"value": float(omed), "unit": "mg/day", "system": fc.UCUM, "code": "mg/d"}
    return _observation(pid, tp, assessed_on, fc.OBS_OMED, code, quantity)
