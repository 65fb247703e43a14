"""A de-identified copy of a DICOM series, for sharing (DICOM PS3.15 basic profile).

Follows the Basic Application Level Confidentiality Profile of DICOM PS3.15 Annex E (2024b),
Table E.1-1, for the attributes a CT series carries: identifying attributes are removed (X),
emptied (Z) or given a dummy value (D); UIDs are replaced (U) by new ones derived from the
original and a key, so the copy of one series stays one series and keeps its references;
private attributes and curve/overlay data are removed; Patient Identity Removed is set to YES
with the method coded as DCM 113100 "Basic Application Confidentiality Profile". pydicom
provides the reading, walking and writing; the profile's table is not shipped by pydicom, so
the part of it that applies is written out here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from .sources import ReadLimits, iter_files

#: Removed (PS3.15 Table E.1-1 action X, or X/Z/D resolved to X).
REMOVE = (
    "PatientBirthTime",
    "PatientAddress",
    "PatientTelephoneNumbers",
    "PatientMotherBirthName",
    "PatientBirthName",
    "OtherPatientIDs",
    "OtherPatientIDsSequence",
    "OtherPatientNames",
    "PatientAge",
    "PatientSize",
    "PatientWeight",
    "MedicalRecordLocator",
    "EthnicGroup",
    "Occupation",
    "AdditionalPatientHistory",
    "PatientComments",
    "MilitaryRank",
    "BranchOfService",
    "CountryOfResidence",
    "RegionOfResidence",
    "PatientInsurancePlanCodeSequence",
    "InstitutionName",
    "InstitutionAddress",
    "InstitutionalDepartmentName",
    "InstitutionCodeSequence",
    "StationName",
    "DeviceSerialNumber",
    "OperatorsName",
    "PerformingPhysicianName",
    "NameOfPhysiciansReadingStudy",
    "PhysiciansOfRecord",
    "RequestingPhysician",
    "ReferringPhysicianAddress",
    "ReferringPhysicianTelephoneNumbers",
    "SeriesDate",
    "SeriesTime",
    "AcquisitionDate",
    "AcquisitionTime",
    "AcquisitionDateTime",
    "InstanceCreationDate",
    "InstanceCreationTime",
    "StudyDescription",
    "SeriesDescription",
    "AdmittingDiagnosesDescription",
    "RequestAttributesSequence",
    "ReferencedPatientSequence",
    "ReferencedStudySequence",
    "ImageComments",
    "ProtocolName",
    "PerformedProcedureStepDescription",
    "PerformedProcedureStepID",
    "PerformedProcedureStepStartDate",
    "PerformedProcedureStepStartTime",
    "ScheduledProcedureStepDescription",
    "RequestedProcedureDescription",
    "DerivationDescription",
    "IssuerOfPatientID",
    "CurrentPatientLocation",
    "AdmissionID",
    "ResponsiblePerson",
    "ResponsibleOrganization",
)
#: Emptied (action Z): type 2 attributes that must stay present.
EMPTY = (
    "PatientBirthDate",
    "AccessionNumber",
    "ReferringPhysicianName",
    "StudyID",
    "StudyDate",
    "StudyTime",
    "ContentDate",
    "ContentTime",
)
#: Replaced by a dummy value (action D).
DUMMY = {"PatientName": "ANONYMOUS", "PatientID": "ANONYMOUS"}
#: UIDs replaced consistently (action U).
UIDS = (
    "StudyInstanceUID",
    "SeriesInstanceUID",
    "SOPInstanceUID",
    "FrameOfReferenceUID",
    "ReferencedSOPInstanceUID",
    "ReferencedFrameOfReferenceUID",
    "IrradiationEventUID",
    "SynchronizationFrameOfReferenceUID",
)
#: Every attribute the profile touches; none of them may keep its original value.
IDENTIFYING = (*REMOVE, *EMPTY, *DUMMY, *UIDS)
_ROOT = "2.25."


def _new_uid(uid: str, key: str) -> str:
    """A UID under the 2.25 root (PS3.5 B.2) derived from ``uid`` and ``key`` (stable within a series)."""
    digest = hashlib.sha256(f"{key}|{uid}".encode()).digest()
    return _ROOT + str(int.from_bytes(digest[:16], "big"))


def deidentify_dataset(ds: Dataset, *, key: str) -> Dataset:
    """De-identify ``ds`` in place (and its nested sequences); return it.

    Parameters
    ----------
    ds : pydicom.Dataset
    key : str
        Secret that derives the replacement UIDs (the same key keeps the files of a series
        together; without it nobody can map the new UIDs back).
    """
    ds.remove_private_tags()
    for element in list(ds):  # curves (50xx) and overlays (60xx) can carry burnt-in text
        if 0x5000 <= element.tag.group <= 0x50FF or 0x6000 <= element.tag.group <= 0x60FF:
            del ds[element.tag]
    for element in list(ds):
        if element.VR == "SQ":
            for item in element.value:
                deidentify_dataset(item, key=key)
    for keyword in REMOVE:
        if keyword in ds:
            delattr(ds, keyword)
    for keyword in EMPTY:
        if keyword in ds:
            ds[keyword].value = ""
    for keyword, value in DUMMY.items():
        if keyword in ds:
            setattr(ds, keyword, value)
    for keyword in UIDS:
        if keyword in ds and ds[keyword].value:
            setattr(ds, keyword, _new_uid(str(ds[keyword].value), key))
    return ds


def _mark(ds: Dataset) -> None:
    ds.PatientIdentityRemoved = "YES"
    code = Dataset()
    code.CodeValue, code.CodingSchemeDesignator = "113100", "DCM"
    code.CodeMeaning = "Basic Application Confidentiality Profile"
    ds.DeidentificationMethod = "DICOM PS3.15 E.1 Basic Profile (ablacem)"
    ds.DeidentificationMethodCodeSequence = Sequence([code])


def deidentify_series(
    source: str | Path, target: str | Path, *, key: str, limits: ReadLimits = ReadLimits()
) -> list[Path]:
    """Write a de-identified copy of every DICOM file of ``source`` (folder or zip) into ``target``.

    The copies are named by position (``0001.dcm``...), never by the original file names,
    which often hold the patient's name.

    Parameters
    ----------
    source : str or Path
        Folder or zip of the series.
    target : str or Path
        Folder to write into (created).
    key : str
        Secret that derives the replacement UIDs.

    Returns
    -------
    list of Path
        The files written.
    """
    import io

    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for position, content in enumerate(iter_files(source, limits), start=1):
        ds = pydicom.dcmread(io.BytesIO(content))
        deidentify_dataset(ds, key=key)
        _mark(ds)
        if "MediaStorageSOPInstanceUID" in ds.file_meta and "SOPInstanceUID" in ds:
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        path = target / f"{position:04d}.dcm"
        ds.save_as(path, enforce_file_format=True)
        written.append(path)
    return written
