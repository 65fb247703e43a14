"""Procedure table: technique, cement, leakage, time and stay."""

from __future__ import annotations

import pandas as pd

from ablacem.analysis.derive import Derived
from ablacem.analysis.options import AnalysisOptions
from ablacem.protocol import codelists as cl

from ._common import Section, table
from .baseline import _categorical_rows, _continuous_rows, _yes_rows


def build(derived: Derived, options: AnalysisOptions) -> Section:
    """Per treated lesion (technique, cement, leakage) and per patient (session time, stay)."""
    les = derived.lesions[derived.lesions["treated"]] if len(derived.lesions) else derived.lesions
    rows: list[dict] = [{"Characteristic": f"Treated lesions (n = {len(les)})", "Value": "", "n": ""}]
    res: dict = {"n_lesions": len(les)}

    def add(key, pair):
        r, s = pair
        rows.extend(r)
        res[key] = s

    add("modality", _categorical_rows("Ablation modality", les["modality"], cl.MODALITY))
    add("guidance", _categorical_rows("Image guidance", les["guidance"], cl.GUIDANCE))
    add("anaesthesia", _categorical_rows("Anaesthesia", les["anaesthesia"], cl.ANAESTHESIA))
    add("n_probes", _continuous_rows("Probes", les["n_probes"].astype("float64")))
    add("ablation_minutes", _continuous_rows("Ablation time", les["ablation_minutes"], "min"))
    add("cement_ml", _continuous_rows("Cement volume", les["cement_ml"], "mL"))
    add("cement_leakage", _yes_rows("Cement leakage", les["cement_leakage"]))
    leaked = les[les["cement_leakage"].eq(True)]
    add("leakage_type", _categorical_rows("Leakage type (among leakages)", leaked["leakage_type"], cl.LEAKAGE_TYPE))
    add("leakage_symptomatic", _yes_rows("Symptomatic leakage (among leakages)", leaked["leakage_symptomatic"]))
    # Cast once, then one grouped max (a Python function per patient takes seconds at 10,000).
    per_patient = (
        pd.DataFrame(
            {
                "patient_id": les["patient_id"],
                "duration": les["duration_minutes"].astype("float64"),
                "stay": les["length_of_stay_days"].astype("float64"),
            }
        )
        .groupby("patient_id")[["duration", "stay"]]
        .max()
        if len(les)
        else pd.DataFrame({"duration": [], "stay": []})
    )
    rows.append({"Characteristic": f"Sessions (n = {len(per_patient)} patients)", "Value": "", "n": ""})
    add("duration_minutes", _continuous_rows("Session duration", per_patient["duration"], "min"))
    add("length_of_stay_days", _continuous_rows("Length of hospital stay", per_patient["stay"], "days"))
    note = (
        "Technique, cement and leakage per treated lesion; session duration and length of stay per patient "
        "(longest recorded value of the session). Leakage type after Yeom et al., J Bone Joint Surg Br 2003: "
        "B basivertebral, S segmental vein, C cortical defect, D intradiscal."
    )
    return Section(
        {"procedure": res}, [table("procedure", "Table 2. Procedure characteristics", rows, note, "Procedure")]
    )
