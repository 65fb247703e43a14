"""Read a FHIR export bundle back into plain records, so tests can compare them with the dataset.

Every element the export writes is read here: :data:`READ_KEYS` lists, per resource type, the
keys of a resource this reader understands, and :func:`read_bundle` fails on any other key, so
a new element in the export cannot go unchecked.
"""

from __future__ import annotations

from ablacem.interop.fhir import codes as fc

READ_KEYS = {
    "Patient": {"resourceType", "identifier", "name", "birthDate", "gender", "deceasedDateTime"},
    "Condition": {"resourceType", "identifier", "category", "code", "bodySite", "subject", "extension"},
    "Procedure": {
        "resourceType",
        "identifier",
        "status",
        "category",
        "code",
        "subject",
        "performedDateTime",
        "reasonReference",
        "usedCode",
        "bodySite",
        "extension",
        "complication",
    },
    "Questionnaire": {"resourceType", "url", "version", "name", "title", "status", "subjectType", "item"},
    "QuestionnaireResponse": {
        "resourceType",
        "identifier",
        "extension",
        "questionnaire",
        "status",
        "subject",
        "item",
        "authored",
    },
    "Observation": {
        "resourceType",
        "identifier",
        "extension",
        "status",
        "category",
        "code",
        "subject",
        "focus",
        "effectiveDateTime",
        "valueQuantity",
        "valueCodeableConcept",
        "derivedFrom",
    },
    "ImagingStudy": {
        "resourceType",
        "identifier",
        "extension",
        "status",
        "modality",
        "subject",
        "started",
        "reasonReference",
    },
    "AdverseEvent": {
        "resourceType",
        "identifier",
        "extension",
        "actuality",
        "event",
        "subject",
        "date",
        "seriousness",
        "outcome",
        "suspectEntity",
    },
}


def only(items: list):
    assert len(items) == 1, items
    return items[0]


def code_in(concept: dict, system: str) -> str | None:
    """The code of ``concept`` (a CodeableConcept or a Coding) in ``system``, or None."""
    codings = concept.get("coding", [concept])
    found = [c["code"] for c in codings if c["system"] == system]
    return only(found) if found else None


def ident(resource: dict) -> str:
    """The value of a resource's identifier (a Patient's first: its study ID or pseudonym)."""
    value = resource["identifier"]
    if resource["resourceType"] == "Patient":
        return value[0]["value"]
    return (only(value) if isinstance(value, list) else value)["value"]


def timepoint(resource: dict, codelist) -> str:
    ext = only([e for e in resource["extension"] if e["url"] == fc.TIMEPOINT_EXTENSION])
    return code_in(ext["valueCoding"], fc.local_system(codelist))


def read_bundle(bundle: dict) -> dict[str, list[dict]]:
    """The bundle as records: ``patients``, ``primary``, ``lesions``, ``procedures``,
    ``responses``, ``observations``, ``imaging``, ``adverse_events``, ``questionnaires``.

    References are followed to the resource they name and given as its identifier value.
    """
    from ablacem.protocol import codelists as cl

    by_url = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    out: dict[str, list[dict]] = {
        k: []
        for k in (
            "patients",
            "primary",
            "lesions",
            "procedures",
            "responses",
            "observations",
            "imaging",
            "adverse_events",
            "questionnaires",
        )
    }

    def target(reference: dict) -> dict:
        return by_url[reference["reference"]]

    for entry in bundle["entry"]:
        r = entry["resource"]
        kind = r["resourceType"]
        unknown = set(r) - READ_KEYS[kind]
        assert not unknown, f"{kind} writes {unknown}, which no test reads"
        if kind == "Patient":
            ids = {i["system"]: i["value"] for i in r["identifier"]}
            out["patients"].append(
                {
                    "identifiers": ids,
                    "name": only(r["name"])["text"] if "name" in r else None,
                    "birth_date": r.get("birthDate"),
                    "gender": r["gender"],
                    "death_date": r.get("deceasedDateTime"),
                }
            )
        elif kind == "Condition":
            category = code_in(only(r["category"]), fc.CONDITION_SYSTEM)
            patient = ident(target(r["subject"]))
            if category == fc.COND_PRIMARY:
                assert set(r) == {"resourceType", "identifier", "category", "code", "subject"}
                out["primary"].append(
                    {"patient_id": patient, "primary_tumour": code_in(r["code"], fc.local_system(cl.PRIMARY_TUMOUR))}
                )
            else:
                assert category == fc.COND_LESION
                size = None
                if "extension" in r:
                    q = only([e for e in r["extension"] if e["url"] == fc.SIZE_EXTENSION])["valueQuantity"]
                    assert (q["unit"], q["system"], q["code"]) == ("mm", fc.UCUM, "mm")
                    size = q["value"]
                out["lesions"].append(
                    {
                        "lesion_id": ident(r),
                        "patient_id": patient,
                        "lesion_type": code_in(r["code"], fc.local_system(cl.LESION_TYPE)),
                        "site": code_in(only(r["bodySite"]), fc.local_system(cl.LESION_SITE)),
                        "size_mm": size,
                    }
                )
        elif kind == "Procedure":
            assert r["status"] == "completed"
            kind_code = code_in(r["category"], fc.PROCEDURE_SYSTEM)
            procedure_id, suffix = ident(r).rsplit(".", 1)
            cement_ml = None
            if "extension" in r:
                q = only([e for e in r["extension"] if e["url"] == fc.CEMENT_VOLUME_EXTENSION])["valueQuantity"]
                assert (q["unit"], q["system"], q["code"]) == ("mL", fc.UCUM, "mL")
                cement_ml = q["value"]
            leakage = leakage_type = None
            if "complication" in r:
                complication = only(r["complication"])
                leakage = code_in(complication, fc.PROCEDURE_SYSTEM) == fc.COMPLICATION_CEMENT_LEAKAGE
                leakage_type = code_in(complication, fc.local_system(cl.LEAKAGE_TYPE))
            assert suffix == kind_code
            out["procedures"].append(
                {
                    "procedure_id": procedure_id,
                    "kind": kind_code,
                    "patient_id": ident(target(r["subject"])),
                    "lesion_id": ident(target(only(r["reasonReference"]))),
                    "date": r["performedDateTime"],
                    "modality": code_in(r["code"], fc.local_system(cl.MODALITY)),
                    "cementoplasty_code": code_in(r["code"], fc.PROCEDURE_SYSTEM),
                    "snomed": code_in(r["code"], fc.SNOMED),
                    "device": code_in(only(r["usedCode"]), fc.DEVICE_SYSTEM),
                    "site": code_in(only(r["bodySite"]), fc.local_system(cl.LESION_SITE)) if "bodySite" in r else None,
                    "cement_ml": cement_ml,
                    "leakage": leakage,
                    "leakage_type": leakage_type,
                }
            )
        elif kind == "Questionnaire":
            out["questionnaires"].append(r)
        elif kind == "QuestionnaireResponse":
            assert r["status"] == "completed"
            assert r["questionnaire"] == f"{fc.QUESTIONNAIRE_URL}|{fc.QUESTIONNAIRE_VERSION}"
            answers = {}
            for item in r["item"]:
                answer = only(item["answer"])
                answers[item["linkId"]] = (
                    answer["valueDecimal"] if "valueDecimal" in answer else int(answer["valueCoding"]["code"])
                )
            out["responses"].append(
                {
                    "id": ident(r),
                    "patient_id": ident(target(r["subject"])),
                    "timepoint": timepoint(r, cl.TIMEPOINT),
                    "assessed_on": r.get("authored"),
                    "answers": answers,
                }
            )
        elif kind == "Observation":
            assert r["status"] == "final"
            record = {
                "id": ident(r),
                "patient_id": ident(target(r["subject"])),
                "date": r.get("effectiveDateTime"),
                "derived_from": [target(d)["resourceType"] + ":" + ident(target(d)) for d in r.get("derivedFrom", [])],
                "category": [code_in(c, fc.OBSERVATION_CATEGORY) for c in r.get("category", [])],
            }
            local = code_in(r["code"], fc.OBSERVATION_SYSTEM)
            if local == fc.OBS_LOCAL_STATUS:
                record |= {
                    "code": local,
                    "timepoint": timepoint(r, cl.IMAGING_TIMEPOINT),
                    "lesion_id": ident(target(only(r["focus"]))),
                    "value": code_in(r["valueCodeableConcept"], fc.local_system(cl.LOCAL_STATUS)),
                }
            else:
                q = r["valueQuantity"]
                record |= {
                    "code": local or code_in(r["code"], fc.SCALE_SYSTEM),
                    "scale": code_in(r["code"], fc.SCALE_SYSTEM),
                    "loinc": code_in(r["code"], fc.LOINC),
                    "timepoint": timepoint(r, cl.TIMEPOINT),
                    "value": q["value"],
                    "unit": (q["system"], q["code"]),
                }
            out["observations"].append(record)
        elif kind == "ImagingStudy":
            assert r["status"] == "available"
            assert only(r["modality"]) == {"system": fc.DICOM, "code": "CT"}
            out["imaging"].append(
                {
                    "id": ident(r),
                    "patient_id": ident(target(r["subject"])),
                    "lesion_id": ident(target(only(r["reasonReference"]))),
                    "timepoint": timepoint(r, cl.IMAGING_TIMEPOINT),
                    "imaged_on": r["started"],
                }
            )
        elif kind == "AdverseEvent":
            assert r["actuality"] == "actual"
            cirse = only([e for e in r["extension"] if e["url"] == fc.CIRSE_EXTENSION])["valueCoding"]
            suspect = only(r["suspectEntity"]) if "suspectEntity" in r else None
            out["adverse_events"].append(
                {
                    "ae_id": ident(r),
                    "patient_id": ident(target(r["subject"])),
                    "term": code_in(r["event"], fc.local_system(cl.AE_TERM)),
                    "onset_date": r["date"],
                    "serious": code_in(r["seriousness"], fc.AE_SERIOUSNESS),
                    "outcome": code_in(r["outcome"], fc.AE_OUTCOME) if "outcome" in r else None,
                    "cirse_grade": int(code_in(cirse, fc.local_system(cl.CIRSE_GRADE))),
                    "suspect": ident(target(suspect["instance"])) if suspect else None,
                    "causality": (
                        code_in(only(suspect["causality"])["assessment"], fc.local_system(cl.AE_CAUSALITY))
                        if suspect and "causality" in suspect
                        else None
                    ),
                }
            )
    return out
