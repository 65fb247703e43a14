"""Reading a CT series: ordering, rescale, geometry, formats, and every refusal with its message."""

from __future__ import annotations

import zipfile

import numpy as np
import pydicom
import pytest
from pydicom.data import get_testdata_file
from pydicom.uid import RLELossless

from ablacem.imaging import ReadLimits, SeriesRefused, read_series
from tests.imaging.phantoms import CEMENT_HU, Phantom, Sphere, regular_z, write_multiframe, write_series, zip_folder


def _phantom(**kw):
    defaults = {
        "z": regular_z(2.0, 12),
        "rows": 48,
        "columns": 48,
        "spacing": (1.0, 1.0),
        "objects": (Sphere((0, 0, 0), 6.0),),
    }
    return Phantom(**{**defaults, **kw})


def test_shuffled_files_are_sorted_by_position_along_the_normal(tmp_path):
    phantom = _phantom()
    write_series(phantom, tmp_path)
    volume = read_series(tmp_path)
    assert np.allclose(volume.offsets, phantom.z)
    assert np.allclose(volume.hu, phantom.hu, atol=0.51)  # rescale applied: HU within the stored rounding


def test_pydicom_small_ct_file_reads_with_its_real_header():
    path = get_testdata_file("CT_small.dcm")
    ds = pydicom.dcmread(path)
    volume = read_series(path)
    assert volume.hu.shape == (1, 128, 128)
    expected = ds.pixel_array.astype(float) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    assert np.allclose(volume.hu[0], expected)
    assert volume.pixel_spacing == pytest.approx((0.661468, 0.661468))
    assert volume.acquisition["KVP"] == pytest.approx(float(ds.KVP))
    assert volume.slab_thickness[0] == pytest.approx(5.0)
    assert "PatientName" not in volume.acquisition and "PatientID" not in volume.acquisition


def test_multiframe_enhanced_ct_gives_the_same_volume(tmp_path):
    phantom = _phantom()
    volume = read_series(write_multiframe(phantom, tmp_path / "enhanced.dcm"))
    assert volume.hu.shape == (12, 48, 48)
    assert np.allclose(volume.offsets, phantom.z)
    assert np.allclose(volume.hu, phantom.hu, atol=0.51)


def test_rle_compressed_series_is_decoded(tmp_path):
    phantom = _phantom()
    write_series(phantom, tmp_path, transfer_syntax=RLELossless)
    volume = read_series(tmp_path)
    assert volume.acquisition["TransferSyntax"] == "RLE Lossless"
    assert np.allclose(volume.hu, phantom.hu, atol=0.51)


def test_uneven_spacing_gives_each_slice_its_own_slab(tmp_path):
    z = np.array([0.0, 1.0, 2.0, 3.5, 5.0, 6.0])
    write_series(_phantom(z=z, objects=()), tmp_path)
    volume = read_series(tmp_path)
    assert np.allclose(volume.slab_thickness, [1.0, 1.0, 1.25, 1.5, 1.25, 1.0])


def test_zip_archive_is_read_like_the_folder(tmp_path):
    write_series(_phantom(), tmp_path / "series")
    archive = zip_folder(tmp_path / "series", tmp_path / "series.zip")
    assert np.array_equal(read_series(archive).hu, read_series(tmp_path / "series").hu)


def test_moderate_gantry_tilt_is_measured_and_reported(tmp_path):
    write_series(_phantom(tilt_degrees=15.0), tmp_path)
    volume = read_series(tmp_path)
    assert volume.tilt_degrees == pytest.approx(15.0, abs=0.01)
    assert volume.geometry()["tilt_degrees"] == pytest.approx(15.0, abs=0.01)


def _refusal(path, rule, words, **kw):
    with pytest.raises(SeriesRefused) as caught:
        read_series(path, **kw)
    assert caught.value.rule == rule
    for word in words:
        assert word in str(caught.value)
    assert "Doe" not in str(caught.value) and "HOSP" not in str(caught.value)


def test_a_non_dicom_file_is_refused(tmp_path):
    write_series(_phantom(), tmp_path)
    (tmp_path / "notes.txt").write_text("not an image")
    _refusal(tmp_path, "not_dicom", ["is not a DICOM file"])


def test_an_mr_series_is_refused(tmp_path):
    write_series(_phantom(), tmp_path, modality="MR")
    _refusal(tmp_path, "not_ct", ["MR", "not CT"])


def test_two_series_mixed_are_refused(tmp_path):
    write_series(_phantom(), tmp_path)
    write_series(_phantom(z=regular_z(2.0, 12) + 0.5), tmp_path, shuffle_seed=9)
    _refusal(tmp_path, "mixed_series", ["2 different series"])


def test_a_missing_slice_is_refused(tmp_path):
    write_series(_phantom(), tmp_path, skip_slices=(5,))
    _refusal(tmp_path, "missing_slice", ["a slice is missing", "4.00 mm", "1.5 times the median spacing (2.00 mm)"])


def test_a_sagittal_series_is_refused(tmp_path):
    write_series(_phantom(), tmp_path, orientation=(0, 1, 0, 0, 0, -1))
    _refusal(tmp_path, "not_axial", ["not axial"])


def test_a_steep_gantry_tilt_is_refused(tmp_path):
    write_series(_phantom(tilt_degrees=40.0), tmp_path)
    _refusal(tmp_path, "gantry_tilt", ["gantry tilt", "40°"])


def test_a_zip_bomb_is_refused_before_it_is_expanded(tmp_path):
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("slice.dcm", b"\0" * (20 << 20))
    _refusal(archive, "too_large", ["zip bomb"])


def test_an_archive_over_the_size_limit_is_refused(tmp_path):
    write_series(_phantom(), tmp_path / "series")
    archive = zip_folder(tmp_path / "series", tmp_path / "series.zip")
    _refusal(archive, "too_large", ["limit"], limits=ReadLimits(max_total_bytes=10_000))


def test_cement_density_survives_the_round_trip(tmp_path):
    write_series(_phantom(noise_sd=0.0), tmp_path)
    assert read_series(tmp_path).hu.max() == pytest.approx(CEMENT_HU, abs=1)
