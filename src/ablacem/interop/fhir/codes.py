"""The code systems and codes of the FHIR export, declared once.

Public codes are used where one exists and can be cited; everything else is a local code
system under :data:`BASE`, one per protocol code list (``{BASE}/CodeSystem/<list name>``, codes
from ``protocol/codelists.csv``) plus a few of the export's own (scales, observations, devices).

Public codes
------------
- LOINC 38214-3, pain severity on a visual analogue scale (a number 0-10): the code IHE PCC's
  "Pain Score Observation" template (1.3.6.1.4.1.19376.1.5.3.1.1.12.3.1, PCC Technical
  Framework) gives for a visual analogue pain score; LOINC (loinc.org, version 2.78) lists it.
  The QLQ-C30 has no LOINC panel we could cite, so its items and scales are local codes.
- SNOMED CT 438791002 "CT guided percutaneous radiofrequency ablation of neoplasm of bone"
  (International Edition, procedure hierarchy; defining attributes: percutaneous approach,
  ablation, radiofrequency probe, CT guidance, bone): only for a radiofrequency ablation under
  CT guidance, the one case it describes exactly.
- DICOM modality CT (DICOM PS3.16, CID 29 "Acquisition Modality", system
  ``http://dicom.nema.org/resources/ontology/DCM``) for the ImagingStudy.
- FHIR R4 code systems: administrative gender, observation category, adverse-event
  seriousness and outcome (hl7.org/fhir/R4, 4.0.1).
- UCUM (unitsofmeasure.org, version 2.1) for units: ``mg/d``, ``mm``, ``{score}``.

Nothing here carries a QLQ-C30 item's wording (EORTC copyright): items are known by number.
"""

from __future__ import annotations

from ablacem.protocol.codelists import CodeList

#: The namespace of every local URL (code systems, identifiers, extensions, the Questionnaire).
#: A constant on purpose: the URLs are names, not addresses, and must not change between sites
#: or exports, or conditional updates would stop matching.
BASE = "https://ablacem.example/fhir"
#: FHIR R4 event status of a done procedure and a finished questionnaire response (FHIR's own
#: value sets EventStatus and QuestionnaireResponseStatus; not the protocol's code of that name).
STATUS_COMPLETED = "completed"

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
DICOM = "http://dicom.nema.org/resources/ontology/DCM"
HL7 = "http://terminology.hl7.org/CodeSystem"
OBSERVATION_CATEGORY = f"{HL7}/observation-category"
AE_SERIOUSNESS = f"{HL7}/adverse-event-seriousness"
AE_OUTCOME = f"{HL7}/adverse-event-outcome"

LOINC_PAIN_VAS = "38214-3"
SNOMED_CT_GUIDED_RFA_BONE = "438791002"
DICOM_CT = "CT"
#: Guidance codes (protocol code list ``guidance``) that are CT guidance.
CT_GUIDANCE = frozenset({"ct", "ct_fluoro"})

#: Identifier systems.
STUDY_ID = f"{BASE}/sid/study-id"
PSEUDONYM = f"{BASE}/sid/pseudonym"
HOSPITAL_NUMBER = f"{BASE}/sid/hospital-number"
SID_CONDITION = f"{BASE}/sid/condition"
SID_LESION = f"{BASE}/sid/lesion"
SID_PROCEDURE = f"{BASE}/sid/procedure"
SID_ADVERSE_EVENT = f"{BASE}/sid/adverse-event"
SID_IMAGING = f"{BASE}/sid/imaging"
SID_OBSERVATION = f"{BASE}/sid/observation"
SID_ASSESSMENT = f"{BASE}/sid/assessment"

#: Extensions (a value the R4 resource has no element for).
TIMEPOINT_EXTENSION = f"{BASE}/StructureDefinition/timepoint"
CIRSE_EXTENSION = f"{BASE}/StructureDefinition/cirse-grade"
SIZE_EXTENSION = f"{BASE}/StructureDefinition/lesion-size-mm"
CEMENT_VOLUME_EXTENSION = f"{BASE}/StructureDefinition/cement-volume-ml"

#: The export's own code systems (not protocol code lists).
SCALE_SYSTEM = f"{BASE}/CodeSystem/qlqc30-scale"
OBSERVATION_SYSTEM = f"{BASE}/CodeSystem/observation"
PROCEDURE_SYSTEM = f"{BASE}/CodeSystem/procedure"
DEVICE_SYSTEM = f"{BASE}/CodeSystem/device"
CONDITION_SYSTEM = f"{BASE}/CodeSystem/condition"

QUESTIONNAIRE_URL = f"{BASE}/Questionnaire/ablacem-assessment"
QUESTIONNAIRE_VERSION = "1"

#: Local observation codes.
OBS_OMED = "omed"
OBS_LOCAL_STATUS = "local_status"
#: Local procedure and condition codes.
PROC_ABLATION = "ablation"
PROC_CEMENTOPLASTY = "cementoplasty"
COND_PRIMARY = "primary_tumour"
COND_LESION = "bone_lesion"
#: A cementoplasty complication (local code; its Yeom 2003 type, when known, from ``leakage_type``).
COMPLICATION_CEMENT_LEAKAGE = "cement_leakage"

#: The device of each ablation modality (the ones the protocol names in ``modality``'s labels)
#: and the cement; local codes, no public device code for them.
MODALITY_DEVICE: dict[str, tuple[str, str]] = {
    "rfa": ("osteocool", "OsteoCool bipolar radiofrequency ablation system"),
    "cryo": ("visual_ice", "Visual ICE cryoablation system"),
}
CEMENT_DEVICE = ("bone_cement", "Bone cement (PMMA)")

#: Protocol ``sex`` codes to FHIR administrative gender.
GENDER = {"F": "female", "M": "male"}
#: Protocol ``ae_outcome`` codes to the FHIR R4 adverse-event-outcome code system (required binding).
AE_OUTCOMES = {
    "resolved": "resolved",
    "resolved_sequelae": "resolvedWithSequelae",
    "resolving": "recovering",
    "ongoing": "ongoing",
    "fatal": "fatal",
    "unknown": "unknown",
}


def local_system(codelist: CodeList) -> str:
    """The local code system URL of a protocol code list."""
    return f"{BASE}/CodeSystem/{codelist.name}"


def coding(system: str, code: str, display: str | None = None) -> dict:
    """A FHIR Coding (display left out when None)."""
    out = {"system": system, "code": str(code)}
    if display:
        out["display"] = display
    return out


def protocol_coding(codelist: CodeList, code: object) -> dict:
    """The Coding of one protocol code, with the protocol's label as display.

    Raises
    ------
    ValueError
        If ``code`` is not a code of ``codelist`` (naming both).
    """
    text = str(code)
    if text not in codelist:
        raise ValueError(f"{text!r} is not a code of {codelist.name}")
    return coding(local_system(codelist), text, codelist.label_of(text))


def concept(*codings: dict) -> dict:
    """A CodeableConcept of the given codings."""
    return {"coding": list(codings)}
