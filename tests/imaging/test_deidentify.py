"""A de-identified copy of a series keeps no identifying attribute and stays one measurable series."""

from __future__ import annotations

import pydicom
import pytest

from ablacem.imaging import measure_cement, read_series
from ablacem.imaging.deidentify import IDENTIFYING, deidentify_series
from tests.imaging.phantoms import PATIENT, Phantom, Sphere, regular_z, write_series

#: Attributes that identify the patient, the staff or the visit (PS3.15 Table E.1-1).
MUST_NOT_SURVIVE = (
    "PatientName",
    "PatientID",
    "PatientBirthDate",
    "PatientAddress",
    "OtherPatientIDs",
    "AccessionNumber",
    "InstitutionName",
    "InstitutionAddress",
    "ReferringPhysicianName",
    "OperatorsName",
    "PerformingPhysicianName",
    "StationName",
    "StudyDate",
    "StudyTime",
    "SeriesDate",
    "AcquisitionDate",
    "ContentDate",
    "StudyID",
    "StudyDescription",
    "DeviceSerialNumber",
    "StudyInstanceUID",
    "SeriesInstanceUID",
    "SOPInstanceUID",
    "FrameOfReferenceUID",
)


@pytest.fixture
def series(tmp_path):
    phantom = Phantom(z=regular_z(2.0, 8), rows=40, columns=40, objects=(Sphere((0, 0, 0), 6.0),))
    paths = write_series(phantom, tmp_path / "original")
    ds = pydicom.dcmread(paths[0])
    ds.add_new(0x00091010, "LO", "private note Doe")
    ds.save_as(paths[0])
    return tmp_path / "original", paths


def test_no_identifying_attribute_survives(series, tmp_path):
    source, originals = series
    written = deidentify_series(source, tmp_path / "copy", key="site-secret")
    assert len(written) == len(originals)
    before = [pydicom.dcmread(p) for p in originals]
    original_values = {kw: {str(ds.get(kw)) for ds in before} for kw in MUST_NOT_SURVIVE}
    for path in written:
        ds = pydicom.dcmread(path)
        for keyword in MUST_NOT_SURVIVE:
            value = str(ds.get(keyword, ""))
            assert value not in original_values[keyword] or value == "", f"{keyword} survived"
        text = repr(ds)
        for identifying in PATIENT.values():
            if len(identifying) > 2:
                assert identifying not in text, f"{identifying!r} survived"
        assert not any(element.tag.is_private for element in ds)
        assert ds.PatientIdentityRemoved == "YES"
        assert ds.DeidentificationMethodCodeSequence[0].CodeValue == "113100"
        assert ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID
        assert "img" not in path.name
    assert set(MUST_NOT_SURVIVE) <= set(IDENTIFYING)


def test_the_copy_is_still_one_series_with_the_same_measurement(series, tmp_path):
    source, _ = series
    deidentify_series(source, tmp_path / "copy", key="site-secret")
    copies = [pydicom.dcmread(p) for p in sorted((tmp_path / "copy").iterdir())]
    assert len({ds.SeriesInstanceUID for ds in copies}) == 1
    assert len({ds.SOPInstanceUID for ds in copies}) == len(copies)
    original = measure_cement(read_series(source)).cement_volume_ml
    assert measure_cement(read_series(tmp_path / "copy")).cement_volume_ml == original
