"""The FHIR export against the dataset it came from: every value the bundles write, checked.

:func:`tests.interop.fhir.bundle_reader.read_bundle` reads every element of every resource
(it fails on one it does not know); the expected records are built here from the dataset's
tables directly. The small hand-built dataset is checked identified, the synthetic cohort
de-identified against its de-identified dataset.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from ablacem.dataset import Dataset
from ablacem.interop.deidentify import deidentified_dataset, pseudonym
from ablacem.interop.fhir import codes as fc
from ablacem.interop.fhir import patient_bundle, patient_bundles, validate_bundle, write_bundles
from ablacem.protocol import codelists as cl
from ablacem.protocol.ranges import QLQC30_ITEMS
from ablacem.scoring import mme, qlqc30
from tests.interop.fhir.bundle_reader import only, read_bundle
from tests.interop.helpers import KEY

VAS = ("vas_worst", "vas_average")


def _date(value) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _float(value) -> float | None:
    return None if pd.isna(value) else float(value)


def _rows(frame: pd.DataFrame, pid: str) -> pd.DataFrame:
    return frame[frame["patient_id"] == pid]


def _by(records: list[dict], *keys: str) -> list[dict]:
    return sorted(records, key=lambda r: tuple(str(r[k]) for k in keys))


def _expected_procedures(data: Dataset, pid: str) -> list[dict]:
    sites = data.lesions.set_index("lesion_id")["site"]
    out = []
    for _, row in _rows(data.procedures, pid).iterrows():
        common = {
            "procedure_id": row.procedure_id,
            "patient_id": pid,
            "lesion_id": row.lesion_id,
            "date": _date(row.procedure_date),
            "site": sites[row.lesion_id],
        }
        rfa_under_ct = row.modality == "rfa" and row.guidance in ("ct", "ct_fluoro")
        out.append(
            common
            | {
                "kind": "ablation",
                "modality": row.modality,
                "cementoplasty_code": None,
                "snomed": "438791002" if rfa_under_ct else None,
                "device": {"rfa": "osteocool", "cryo": "visual_ice"}[row.modality],
                "cement_ml": None,
                "leakage": None,
                "leakage_type": None,
            }
        )
        if not pd.isna(row.cement_ml):
            out.append(
                common
                | {
                    "kind": "cementoplasty",
                    "modality": None,
                    "cementoplasty_code": "cementoplasty",
                    "snomed": None,
                    "device": "bone_cement",
                    "cement_ml": float(row.cement_ml),
                    "leakage": True if row.cement_leakage else None,
                    "leakage_type": row.leakage_type if row.cement_leakage and not pd.isna(row.leakage_type) else None,
                }
            )
    return _by(out, "procedure_id", "kind")


def _expected_observations(data: Dataset, pid: str) -> list[dict]:
    a = data.assessments
    done = _rows(a, pid)[_rows(a, pid)["status"] == cl.DONE]
    scores = qlqc30.score(done)
    omed = mme.omed(data.analgesics, visits=a).set_index(["patient_id", "timepoint"])["omed"]
    score_unit = (fc.UCUM, "{score}")
    out = []
    for index, row in done.iterrows():
        answered = any(not pd.isna(row[c]) for c in (*VAS, *QLQC30_ITEMS))
        derived = [f"QuestionnaireResponse:{pid}.{row.timepoint}"] if answered else []
        base = {"patient_id": pid, "timepoint": row.timepoint, "date": _date(row.assessed_on)}
        for name in VAS:
            if not pd.isna(row[name]):
                out.append(
                    base
                    | {
                        "id": f"{pid}.{row.timepoint}.{name}",
                        "code": name,
                        "scale": None,
                        "loinc": "38214-3",
                        "value": float(row[name]),
                        "unit": score_unit,
                        "derived_from": derived,
                        "category": ["survey"],
                    }
                )
        for scale, value in scores.loc[index].items():
            if not pd.isna(value):
                out.append(
                    base
                    | {
                        "id": f"{pid}.{row.timepoint}.qlqc30_{scale}",
                        "code": scale,
                        "scale": scale,
                        "loinc": None,
                        "value": float(value),
                        "unit": score_unit,
                        "derived_from": derived,
                        "category": ["survey"],
                    }
                )
        value = omed.get((pid, row.timepoint))
        if value is not None and not pd.isna(value):
            out.append(
                base
                | {
                    "id": f"{pid}.{row.timepoint}.omed",
                    "code": "omed",
                    "scale": None,
                    "loinc": None,
                    "value": float(value),
                    "unit": (fc.UCUM, "mg/d"),
                    "derived_from": [],
                    "category": [],
                }
            )
    for _, row in _rows(data.imaging, pid).iterrows():
        out.append(
            {
                "id": f"{row.lesion_id}.{row.timepoint}.local_status",
                "patient_id": pid,
                "date": _date(row.imaged_on),
                "derived_from": [f"ImagingStudy:{row.lesion_id}.{row.timepoint}"],
                "category": [],
                "code": "local_status",
                "timepoint": row.timepoint,
                "lesion_id": row.lesion_id,
                "value": row.local_status,
            }
        )
    return _by(out, "id")


def _expected_adverse_events(data: Dataset, pid: str) -> list[dict]:
    outcome = {
        "resolved": "resolved",
        "resolved_sequelae": "resolvedWithSequelae",
        "resolving": "recovering",
        "ongoing": "ongoing",
        "fatal": "fatal",
        "unknown": "unknown",
    }
    procedures = data.procedures.set_index("lesion_id")
    out = []
    for _, ae in _rows(data.adverse_events, pid).iterrows():
        suspect = causality = None
        if not pd.isna(ae.lesion_id) and ae.related_to in ("ablation", "cement"):
            row = procedures.loc[ae.lesion_id]
            if ae.related_to == "ablation" or not pd.isna(row.cement_ml):
                kind = "ablation" if ae.related_to == "ablation" else "cementoplasty"
                suspect = f"{row.procedure_id}.{kind}"
                relation = ae[f"relation_{ae.related_to}"]
                causality = None if pd.isna(relation) else relation
        out.append(
            {
                "ae_id": ae.ae_id,
                "patient_id": pid,
                "term": ae.term,
                "onset_date": _date(ae.onset_date),
                "serious": "serious" if ae.serious else "non-serious",
                "outcome": None if pd.isna(ae.outcome) else outcome[ae.outcome],
                "cirse_grade": int(ae.cirse_grade),
                "suspect": suspect,
                "causality": causality,
            }
        )
    return _by(out, "ae_id")


def check_bundle(bundle: dict, data: Dataset, pid: str, *, deidentified: bool) -> None:
    """Every record of ``bundle`` equals what ``data`` (the dataset the export was built from) says."""
    got = read_bundle(bundle)
    patient = data.patients.set_index("patient_id").loc[pid]
    ids = {fc.PSEUDONYM if deidentified else fc.STUDY_ID: pid}
    name = birth = None
    if not deidentified:
        row = data.identifiers.set_index("patient_id").loc[pid]
        ids[fc.HOSPITAL_NUMBER] = row.hospital_number
        name, birth = row["name"], _date(row.birth_date)
    assert got["patients"] == [
        {
            "identifiers": ids,
            "name": name,
            "birth_date": birth,
            "gender": {"F": "female", "M": "male"}[patient.sex],
            "death_date": _date(patient.death_date),
        }
    ]
    assert got["primary"] == [{"patient_id": pid, "primary_tumour": patient.primary_tumour}]
    lesions = [
        {
            "lesion_id": r.lesion_id,
            "patient_id": pid,
            "lesion_type": r.lesion_type,
            "site": r.site,
            "size_mm": _float(r.size_mm),
        }
        for _, r in _rows(data.lesions, pid).iterrows()
    ]
    assert _by(got["lesions"], "lesion_id") == _by(lesions, "lesion_id")
    assert _by(got["procedures"], "procedure_id", "kind") == _expected_procedures(data, pid)

    a = _rows(data.assessments, pid)
    responses = []
    for _, row in a[a["status"] == cl.DONE].iterrows():
        answers = {c: float(row[c]) for c in VAS if not pd.isna(row[c])}
        answers |= {c: int(row[c]) for c in QLQC30_ITEMS if not pd.isna(row[c])}
        if answers:
            responses.append(
                {
                    "id": f"{pid}.{row.timepoint}",
                    "patient_id": pid,
                    "timepoint": row.timepoint,
                    "assessed_on": _date(row.assessed_on),
                    "answers": answers,
                }
            )
    assert _by(got["responses"], "id") == _by(responses, "id")
    assert len(got["questionnaires"]) == (1 if (a["status"] == cl.DONE).any() else 0)
    assert _by(got["observations"], "id") == _expected_observations(data, pid)
    imaging = [
        {
            "id": f"{r.lesion_id}.{r.timepoint}",
            "patient_id": pid,
            "lesion_id": r.lesion_id,
            "timepoint": r.timepoint,
            "imaged_on": _date(r.imaged_on),
        }
        for _, r in _rows(data.imaging, pid).iterrows()
    ]
    assert _by(got["imaging"], "id") == _by(imaging, "id")
    assert _by(got["adverse_events"], "ae_id") == _expected_adverse_events(data, pid)


@pytest.mark.parametrize("pid", ["ABL-001", "ABL-002"])
def test_every_value_of_an_identified_bundle_comes_from_the_dataset(small, pid):
    bundle = patient_bundle(small, pid, deidentify=False)
    validate_bundle(bundle)
    check_bundle(bundle, small, pid, deidentified=False)


def test_the_small_dataset_by_hand(small):
    """Values computed by hand: QL2 from q29 alone (half rule), OMED from the CDC 2022 factors."""
    got = read_bundle(patient_bundle(small, "ABL-001", deidentify=False))
    values = {o["id"]: o["value"] for o in got["observations"]}
    # QL2 = (q29 - 1) / 6 * 100 with q30 missing (1 of 2 items: enough by the half rule)
    assert values["ABL-001.baseline.qlqc30_QL2"] == pytest.approx(200 / 6)
    assert values["ABL-001.post.qlqc30_QL2"] == pytest.approx(50.0)
    assert values["ABL-001.m1.qlqc30_QL2"] == pytest.approx(500 / 6)
    assert "ABL-001.baseline.qlqc30_PF2" not in values  # 1 of 5 items: unscored
    # morphine 10 mg oral x 4/day (factor 1) + paracetamol (no opioid) = 40 mg/d; no analgesic after: 0
    assert values["ABL-001.baseline.omed"] == 40.0
    assert values["ABL-001.m1.omed"] == 0.0
    assert values["ABL-001.baseline.vas_worst"] == 8.0
    cement = {p["procedure_id"]: p for p in got["procedures"] if p["kind"] == "cementoplasty"}
    assert (cement["ABL-001-P1"]["cement_ml"], cement["ABL-001-P1"]["leakage_type"]) == (4.5, "S")
    assert (cement["ABL-001-P2"]["cement_ml"], cement["ABL-001-P2"]["leakage"]) == (12.0, None)
    got = read_bundle(patient_bundle(small, "ABL-002", deidentify=False))
    values = {o["id"]: o["value"] for o in got["observations"]}
    assert values["ABL-002.baseline.omed"] == pytest.approx(25 * 2.4)  # fentanyl patch 25 mcg/h x 2.4
    ae = only(got["adverse_events"])
    assert (ae["outcome"], ae["cirse_grade"], ae["serious"], ae["suspect"]) == ("fatal", 6, "serious", None)


def test_an_adverse_event_names_the_procedure_it_is_related_to(small):
    got = read_bundle(patient_bundle(small, "ABL-001", deidentify=False))
    ae = only(got["adverse_events"])
    assert ae["suspect"] == "ABL-001-P1.cementoplasty"  # related_to cement, lesion L1, treated by P1


def test_every_value_of_a_deidentified_bundle_comes_from_the_deidentified_dataset(small):
    data = deidentified_dataset(small, key=KEY)
    bundles = dict(patient_bundles(small, deidentify=True, key=KEY))
    assert (
        set(bundles)
        == set(data.patients["patient_id"])
        == {pseudonym(KEY, "patient_id", p) for p in ("ABL-001", "ABL-002")}
    )
    for pid, bundle in bundles.items():
        validate_bundle(bundle)
        check_bundle(bundle, data, pid, deidentified=True)
    # bundles come in pseudonym order, not study order (which would tell which pseudonym is which ID)
    assert list(bundles) == sorted(bundles)
    # one patient's bundle is the one of the whole export
    assert (
        patient_bundle(small, "ABL-002", deidentify=True, key=KEY) == bundles[pseudonym(KEY, "patient_id", "ABL-002")]
    )


@pytest.mark.slow
def test_every_value_of_the_deidentified_cohort_comes_from_its_deidentified_dataset(cohort):
    data = deidentified_dataset(cohort, key=KEY)
    bundles = dict(patient_bundles(cohort, deidentify=True, key=KEY))
    assert set(bundles) == set(data.patients["patient_id"])
    for pid, bundle in bundles.items():
        validate_bundle(bundle)
        check_bundle(bundle, data, pid, deidentified=True)


def test_an_unknown_patient_is_refused_by_name(small):
    with pytest.raises(KeyError, match="patient_id: no patient 'ABL-999'"):
        patient_bundle(small, "ABL-999", deidentify=False)


def test_deidentifying_needs_the_key(small):
    with pytest.raises(ValueError, match="secret key"):
        patient_bundle(small, "ABL-001", deidentify=True)


def _references(value) -> list[str]:
    if isinstance(value, dict):
        found = [value["reference"]] if set(value) == {"reference"} else []
        return found + [r for v in value.values() for r in _references(v)]
    if isinstance(value, list):
        return [r for v in value for r in _references(v)]
    return []


@pytest.mark.parametrize("deidentify", [False, True])
def test_a_transaction_of_conditional_updates_with_references_inside_the_bundle(small, deidentify):
    bundle = patient_bundle(small, "ABL-001", deidentify=deidentify, key=KEY)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "transaction"
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(urls)) == len(urls)
    assert all(
        re.fullmatch(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", u) for u in urls
    )
    assert set(_references(bundle)) <= set(urls)
    for entry in bundle["entry"]:
        resource, request = entry["resource"], entry["request"]
        assert request["method"] == "PUT"
        kind, search = request["url"].split("?")
        assert kind == resource["resourceType"]
        if kind == "Questionnaire":
            assert search == f"url={resource['url']}" == f"url={fc.QUESTIONNAIRE_URL}"
        else:
            first = resource["identifier"][0] if isinstance(resource["identifier"], list) else resource["identifier"]
            assert search == f"identifier={first['system']}|{first['value']}"


def test_exports_are_reproducible(small):
    first = patient_bundle(small, "ABL-001", deidentify=False)
    assert patient_bundle(small.copy(), "ABL-001", deidentify=False) == first
    # de-identified UUIDs come from the pseudonyms: only the Questionnaire's is shared
    deid = patient_bundle(small, "ABL-001", deidentify=True, key=KEY)
    shared = {e["fullUrl"] for e in first["entry"]} & {e["fullUrl"] for e in deid["entry"]}
    assert shared == {e["fullUrl"] for e in first["entry"] if e["resource"]["resourceType"] == "Questionnaire"}


def test_a_deidentified_bundle_has_no_identifier_of_the_patient(small):
    text = json.dumps([patient_bundle(small, p, deidentify=True, key=KEY) for p in ("ABL-001", "ABL-002")])
    ids = small.identifiers
    needles = [*ids["name"], *ids["hospital_number"], *ids["birth_date"].dt.strftime("%Y-%m-%d")]
    needles += [*small.patients["patient_id"], *small.lesions["lesion_id"], *small.procedures["procedure_id"]]
    needles += [*small.adverse_events["ae_id"], "Jane", "Roe"]
    assert [n for n in needles if n in text] == []
    # and the identified one has them all (the scan finds what it looks for)
    text = json.dumps(patient_bundle(small, "ABL-001", deidentify=False))
    assert all(n in text for n in ("Jane Roe", "H0000123", "1931-08-17", "ABL-001-L2", "ABL-001-P1"))


def test_write_bundles_writes_one_valid_json_file_per_patient(small, tmp_path):
    paths = write_bundles(small, tmp_path / "fhir")
    assert [p.name for p in paths] == ["ABL-001.json", "ABL-002.json"]
    for path, pid in zip(paths, ("ABL-001", "ABL-002"), strict=True):
        bundle = json.loads(path.read_text(encoding="utf-8"))
        validate_bundle(bundle)
        assert bundle == patient_bundle(small, pid, deidentify=False)
    paths = write_bundles(small, tmp_path / "deid", deidentify=True, key=KEY)
    assert sorted(p.stem for p in paths) == sorted(pseudonym(KEY, "patient_id", p) for p in ("ABL-001", "ABL-002"))
