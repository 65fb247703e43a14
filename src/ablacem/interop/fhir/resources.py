"""One patient's Patient, Condition, Procedure, AdverseEvent and ImagingStudy resources.

Each builder takes the rows of the tidy dataset (one patient's) and returns transaction
entries (:func:`ablacem.interop.fhir.values.put_entry`). What each resource carries:

- Patient: the study ID (or pseudonym), gender, date of death; identified exports add the
  name, hospital number and date of birth;
- Condition: the primary tumour (protocol ``primary_tumour``) and each target lesion (lesion
  type, site as body site, largest diameter);
- Procedure: per treated lesion an ablation (modality, its device, SNOMED CT where it applies)
  and, when cement was injected, a cementoplasty (bone cement, the volume, a leakage as its
  complication with the leakage type), on the procedure date;
- AdverseEvent: term, onset, seriousness, outcome, CIRSE grade, the procedure suspected;
- ImagingStudy: the CT of each lesion and imaging timepoint (a reference: no DICOM UIDs are
  held), and an Observation of the local tumour status read on it.
"""

from __future__ import annotations

import pandas as pd

from ablacem.protocol import codelists as cl

from . import codes as fc
from .ids import full_url
from .values import by_identifier, fhir_date, identifier, number, present, put_entry


def ref(url: str) -> dict:
    """A Reference to a resource of the bundle by its ``fullUrl``."""
    return {"reference": url}


def patient_url(pid: str) -> str:
    return full_url("Patient", pid)


def lesion_url(lesion_id: str) -> str:
    return full_url("Condition", "lesion", lesion_id)


def procedure_url(procedure_id: str, kind: str) -> str:
    return full_url("Procedure", procedure_id, kind)


def imaging_url(lesion_id: str, timepoint: str) -> str:
    return full_url("ImagingStudy", lesion_id, timepoint)


def timepoint_extension(codelist: cl.CodeList, timepoint: str) -> dict:
    """The extension that says which protocol timepoint a resource belongs to."""
    return {"url": fc.TIMEPOINT_EXTENSION, "valueCoding": fc.protocol_coding(codelist, timepoint)}


def patient_entry(patient: pd.Series, ids: pd.Series | None, *, deidentified: bool) -> dict:
    """The Patient (identifiers, name and birth date only when ``ids`` is given)."""
    pid = str(patient["patient_id"])
    system = fc.PSEUDONYM if deidentified else fc.STUDY_ID
    resource: dict = {"resourceType": "Patient", "identifier": [identifier(system, pid)]}
    if ids is not None:
        if present(ids.get("hospital_number")):
            resource["identifier"].append(identifier(fc.HOSPITAL_NUMBER, str(ids["hospital_number"])))
        if present(ids.get("name")):
            resource["name"] = [{"text": str(ids["name"])}]
        if present(ids.get("birth_date")):
            resource["birthDate"] = fhir_date(ids["birth_date"])
    resource["gender"] = fc.GENDER[str(patient["sex"])]
    if present(patient["death_date"]):
        resource["deceasedDateTime"] = fhir_date(patient["death_date"])
    return put_entry(patient_url(pid), resource, by_identifier(system, pid))


def primary_entry(patient: pd.Series) -> dict:
    """The Condition of the primary tumour (or benign lesion type)."""
    pid = str(patient["patient_id"])
    value = f"{pid}.primary"
    resource = {
        "resourceType": "Condition",
        "identifier": [identifier(fc.SID_CONDITION, value)],
        "category": [fc.concept(fc.coding(fc.CONDITION_SYSTEM, fc.COND_PRIMARY, "Primary tumour"))],
        "code": fc.concept(fc.protocol_coding(cl.PRIMARY_TUMOUR, patient["primary_tumour"])),
        "subject": ref(patient_url(pid)),
    }
    return put_entry(full_url("Condition", "primary", pid), resource, by_identifier(fc.SID_CONDITION, value))


def lesion_entry(lesion: pd.Series) -> dict:
    """The Condition of one target lesion: type, site (body site), largest diameter (extension)."""
    lid = str(lesion["lesion_id"])
    resource: dict = {
        "resourceType": "Condition",
        "identifier": [identifier(fc.SID_LESION, lid)],
        "category": [fc.concept(fc.coding(fc.CONDITION_SYSTEM, fc.COND_LESION, "Target bone lesion"))],
        "code": fc.concept(fc.protocol_coding(cl.LESION_TYPE, lesion["lesion_type"])),
        "bodySite": [fc.concept(fc.protocol_coding(cl.LESION_SITE, lesion["site"]))],
        "subject": ref(patient_url(str(lesion["patient_id"]))),
    }
    if present(lesion["size_mm"]):
        resource["extension"] = [
            {
                "url": fc.SIZE_EXTENSION,
                "valueQuantity": {"value": number(lesion["size_mm"]), "unit": "mm", "system": fc.UCUM, "code": "mm"},
            }
        ]
    return put_entry(lesion_url(lid), resource, by_identifier(fc.SID_LESION, lid))


def _procedure(row: pd.Series, kind: str, code: dict, device: tuple[str, str]) -> dict:
    value = f"{row['procedure_id']}.{kind}"
    resource = {
        "resourceType": "Procedure",
        "identifier": [identifier(fc.SID_PROCEDURE, value)],
        "status": fc.STATUS_COMPLETED,
        "category": fc.concept(fc.coding(fc.PROCEDURE_SYSTEM, kind)),
        "code": code,
        "subject": ref(patient_url(str(row["patient_id"]))),
        "performedDateTime": fhir_date(row["procedure_date"]),
        "reasonReference": [ref(lesion_url(str(row["lesion_id"])))],
        "usedCode": [fc.concept(fc.coding(fc.DEVICE_SYSTEM, *device))],
    }
    return put_entry(procedure_url(str(row["procedure_id"]), kind), resource, by_identifier(fc.SID_PROCEDURE, value))


def procedure_entries(row: pd.Series, site: object) -> list[dict]:
    """The ablation and (when cement was injected) the cementoplasty of one treated lesion.

    ``site`` is the lesion's site code (the body site of both procedures).
    """
    modality = str(row["modality"])
    codings = [fc.protocol_coding(cl.MODALITY, modality)]
    if modality == "rfa" and str(row["guidance"]) in fc.CT_GUIDANCE:
        codings.append(
            fc.coding(
                fc.SNOMED,
                fc.SNOMED_CT_GUIDED_RFA_BONE,
                "CT guided percutaneous radiofrequency ablation of neoplasm of bone",
            )
        )
    entries = [_procedure(row, fc.PROC_ABLATION, fc.concept(*codings), fc.MODALITY_DEVICE[modality])]
    if present(row["cement_ml"]):
        cement = fc.concept(fc.coding(fc.PROCEDURE_SYSTEM, fc.PROC_CEMENTOPLASTY, "Percutaneous cementoplasty"))
        entry = _procedure(row, fc.PROC_CEMENTOPLASTY, cement, fc.CEMENT_DEVICE)
        entry["resource"]["extension"] = [
            {
                "url": fc.CEMENT_VOLUME_EXTENSION,
                "valueQuantity": {"value": number(row["cement_ml"]), "unit": "mL", "system": fc.UCUM, "code": "mL"},
            }
        ]
        if present(row["cement_leakage"]) and bool(row["cement_leakage"]):
            leak = [fc.coding(fc.PROCEDURE_SYSTEM, fc.COMPLICATION_CEMENT_LEAKAGE, "Cement leakage")]
            if present(row["leakage_type"]):
                leak.append(fc.protocol_coding(cl.LEAKAGE_TYPE, row["leakage_type"]))
            entry["resource"]["complication"] = [fc.concept(*leak)]
        entries.append(entry)
    if present(site):
        for entry in entries:
            entry["resource"]["bodySite"] = [fc.concept(fc.protocol_coding(cl.LESION_SITE, site))]
    return entries


_CAUSALITY_COLUMN = {"ablation": "relation_ablation", "cement": "relation_cement"}
_SUSPECT_KIND = {"ablation": fc.PROC_ABLATION, "cement": fc.PROC_CEMENTOPLASTY}


def adverse_event_entry(ae: pd.Series, procedure_urls: dict[tuple[str, str], str]) -> dict:
    """The AdverseEvent of one row.

    ``procedure_urls`` maps ``(lesion_id, kind)`` to the fullUrl of the patient's procedures:
    an event related to the ablation or the cement of a lesion names that procedure as the
    suspect entity, with the causality assessment of that relationship.
    """
    aid = str(ae["ae_id"])
    resource: dict = {
        "resourceType": "AdverseEvent",
        "identifier": identifier(fc.SID_ADVERSE_EVENT, aid),
        "extension": [
            {"url": fc.CIRSE_EXTENSION, "valueCoding": fc.protocol_coding(cl.CIRSE_GRADE, ae["cirse_grade"])}
        ],
        "actuality": "actual",
        "event": fc.concept(fc.protocol_coding(cl.AE_TERM, ae["term"])),
        "subject": ref(patient_url(str(ae["patient_id"]))),
        "date": fhir_date(ae["onset_date"]),
        "seriousness": fc.concept(fc.coding(fc.AE_SERIOUSNESS, "serious" if ae["serious"] else "non-serious")),
    }
    if present(ae["outcome"]):
        resource["outcome"] = fc.concept(fc.coding(fc.AE_OUTCOME, fc.AE_OUTCOMES[str(ae["outcome"])]))
    related = str(ae["related_to"])
    url = None
    if present(ae["lesion_id"]):
        url = procedure_urls.get((str(ae["lesion_id"]), _SUSPECT_KIND.get(related, "")))
    if url is not None:
        suspect: dict = {"instance": ref(url)}
        causality = ae[_CAUSALITY_COLUMN[related]]
        if present(causality):
            suspect["causality"] = [{"assessment": fc.concept(fc.protocol_coding(cl.AE_CAUSALITY, causality))}]
        resource["suspectEntity"] = [suspect]
    return put_entry(full_url("AdverseEvent", aid), resource, by_identifier(fc.SID_ADVERSE_EVENT, aid))


def imaging_entries(row: pd.Series) -> list[dict]:
    """The ImagingStudy (a CT of the lesion at an imaging timepoint) and its local-status Observation."""
    lid, tp = str(row["lesion_id"]), str(row["timepoint"])
    value = f"{lid}.{tp}"
    subject = ref(patient_url(str(row["patient_id"])))
    study = {
        "resourceType": "ImagingStudy",
        "identifier": [identifier(fc.SID_IMAGING, value)],
        "extension": [timepoint_extension(cl.IMAGING_TIMEPOINT, tp)],
        "status": "available",
        "modality": [fc.coding(fc.DICOM, fc.DICOM_CT)],
        "subject": subject,
        "started": fhir_date(row["imaged_on"]),
        "reasonReference": [ref(lesion_url(lid))],
    }
    status_value = f"{value}.{fc.OBS_LOCAL_STATUS}"
    status = {
        "resourceType": "Observation",
        "identifier": [identifier(fc.SID_OBSERVATION, status_value)],
        "extension": [timepoint_extension(cl.IMAGING_TIMEPOINT, tp)],
        "status": "final",
        "code": fc.concept(fc.coding(fc.OBSERVATION_SYSTEM, fc.OBS_LOCAL_STATUS, "Local tumour status")),
        "subject": subject,
        "focus": [ref(lesion_url(lid))],
        "effectiveDateTime": fhir_date(row["imaged_on"]),
        "valueCodeableConcept": fc.concept(fc.protocol_coding(cl.LOCAL_STATUS, row["local_status"])),
        "derivedFrom": [ref(imaging_url(lid, tp))],
    }
    return [
        put_entry(imaging_url(lid, tp), study, by_identifier(fc.SID_IMAGING, value)),
        put_entry(full_url("Observation", status_value), status, by_identifier(fc.SID_OBSERVATION, status_value)),
    ]
