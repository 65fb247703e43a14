"""Table 1: baseline characteristics of the treated patients and their lesions."""

from __future__ import annotations

import pandas as pd

from ablacem.analysis.derive import Derived
from ablacem.analysis.options import AnalysisOptions
from ablacem.analysis.stats.describe import continuous, mean_sd, median_iqr, n_pct
from ablacem.protocol import codelists as cl

from ._common import WHO_LABELS, Section, table, wide


def _continuous_rows(name: str, values, unit: str = "") -> tuple[list[dict], dict]:
    s = continuous(values)
    suffix = f", {unit}" if unit else ""
    rows = [
        {"Characteristic": f"{name}{suffix}, mean (SD)", "Value": mean_sd(s), "n": s["n"]},
        {"Characteristic": f"{name}{suffix}, median (IQR)", "Value": median_iqr(s), "n": s["n"]},
    ]
    return rows, s


def _categorical_rows(name: str, values: pd.Series, codes=None, levels=None) -> tuple[list[dict], dict]:
    known = values.dropna()
    n = len(known)
    if levels is None:
        levels = list(codes.codes) if codes is not None else sorted(known.astype(str).unique())
    counts = known.astype(str).value_counts()
    rows = [{"Characteristic": f"{name}, n (%)", "Value": "", "n": n}]
    out = {}
    for level in levels:
        k = int(counts.get(str(level), 0))
        if k == 0 and codes is not None and len(levels) > 6:
            continue  # long code lists: show the levels that occur
        shown = codes.label_of(level) if codes is not None else str(level)
        rows.append({"Characteristic": f"    {shown}", "Value": n_pct(k, n), "n": ""})
        out[str(level)] = k
    missing = int(values.isna().sum())
    if missing:
        rows.append({"Characteristic": "    missing", "Value": str(missing), "n": ""})
    return rows, {"n": n, "counts": out, "missing": missing}


def _yes_rows(name: str, values: pd.Series) -> tuple[list[dict], dict]:
    known = values.dropna().astype(bool)
    k, n = int(known.sum()), len(known)
    return [{"Characteristic": f"{name}, n (%)", "Value": n_pct(k, n), "n": n}], {"k": k, "n": n}


def build(derived: Derived, options: AnalysisOptions) -> Section:
    """Baseline characteristics (continuous as mean (SD) and median (IQR), categorical as n (%))."""
    p = derived.patients[derived.patients["treated"]] if len(derived.patients) else derived.patients
    les = derived.lesions[derived.lesions["treated"]] if len(derived.lesions) else derived.lesions
    v = derived.visits
    rows: list[dict] = [{"Characteristic": "Patients", "Value": str(len(p)), "n": ""}]
    res: dict = {"n_patients": len(p), "n_lesions": len(les)}

    def add(key, pair):
        r, s = pair
        rows.extend(r)
        res[key] = s

    add("age", _continuous_rows("Age", p["age"], "years"))
    add("sex", _categorical_rows("Sex", p["sex"], cl.SEX))
    add("ecog", _categorical_rows("ECOG performance status", p["ecog"].astype("Int64").astype("string"), cl.ECOG))
    add("diagnosis", _categorical_rows("Diagnosis", p["diagnosis"], cl.DIAGNOSIS))
    add(
        "primary_tumour",
        _categorical_rows("Primary tumour or benign lesion type", p["primary_tumour"], cl.PRIMARY_TUMOUR),
    )
    add("lesions_per_patient", _continuous_rows("Lesions treated per patient", p["n_lesions"].astype("float64")))
    add(
        "lesions_per_patient_group",
        _categorical_rows(
            "Lesions treated per patient", p["n_lesions"].map(lambda n: "3 or more" if n >= 3 else str(n))
        ),
    )
    rows.append({"Characteristic": f"Lesions (n = {len(les)})", "Value": "", "n": ""})
    add("region", _categorical_rows("Region", les["region"], cl.REGION))
    add("site", _categorical_rows("Site", les["site"], cl.LESION_SITE))
    add("lesion_type", _categorical_rows("Lesion type", les["lesion_type"], cl.LESION_TYPE))
    add("size_mm", _continuous_rows("Largest diameter", les["size_mm"], "mm"))
    add("pathologic_fracture", _yes_rows("Pathologic fracture", les["pathologic_fracture"]))
    add("prior_radiotherapy", _yes_rows("Prior radiotherapy to the site", les["prior_radiotherapy"]))
    spinal = les[les["region"].eq("spinal")]
    add("sins_total", _continuous_rows("SINS (spinal lesions)", spinal["sins_total"].astype("float64")))
    add("mirels_total", _continuous_rows("Mirels score (long-bone lesions)", les["mirels_total"].astype("float64")))
    rows.append({"Characteristic": "At baseline", "Value": "", "n": ""})
    add("vas_worst", _continuous_rows("Worst pain (VAS 0-10)", wide(v, "vas_worst")["baseline"]))
    add("omed", _continuous_rows("Oral morphine equivalent daily dose", wide(v, "omed")["baseline"], "mg/day"))
    steps = wide(v, "who_step")["baseline"].astype("float64").map(WHO_LABELS)
    add("who_step", _categorical_rows("WHO analgesic step", steps, levels=list(WHO_LABELS.values())))
    add("QL2", _continuous_rows("QLQ-C30 global health status (0-100)", wide(v, "QL2")["baseline"]))
    note = (
        "Treated patients (one procedure session each) and their treated lesions. n = patients or lesions "
        "with a recorded value. IQR, interquartile range (Q1-Q3). SINS, Spinal Instability Neoplastic Score. "
        "OMED, oral morphine equivalent daily dose (CDC 2022 factors). QLQ-C30, EORTC Quality of Life "
        "Questionnaire Core 30."
    )
    t = table("table1", "Table 1. Baseline characteristics", rows, note, "Baseline")
    return Section({"baseline": res}, [t])
