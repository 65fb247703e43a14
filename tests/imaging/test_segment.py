"""Cement volume and candidate leaks on phantoms of known volume, at clinical slice thicknesses."""

from __future__ import annotations

import pytest

from ablacem.imaging import DISCLAIMER, SeriesRefused, measure_cement, read_series
from tests.imaging.phantoms import Cylinder, Phantom, Sphere, regular_z, write_series

BONE = ((-22, -16, -20), (22, 16, 20))
#: Two separate leaks of about 0.1 mL: a vein-like cylinder and a small sphere.
LEAKS = (Cylinder((-18, -19, 2), 2.0, 8.0), Sphere((19, -17, -4), 3.0))


def _measure(tmp_path, phantom, **kw):
    write_series(phantom, tmp_path)
    return measure_cement(read_series(tmp_path), **kw)


@pytest.mark.parametrize(
    ("thickness", "slices", "spacing", "matrix"),
    [(0.625, 64, (0.8, 0.8), 64), (1.25, 32, (0.7, 0.7), 96), (2.5, 18, (1.0, 1.0), 64)],
)
def test_a_sphere_above_1_ml_is_measured_within_5_percent(tmp_path, thickness, slices, spacing, matrix):
    deposit = Sphere((-4, 0, 0), 7.0)  # 1.44 mL
    phantom = Phantom(
        z=regular_z(thickness, slices),
        rows=matrix,
        columns=matrix,
        spacing=spacing,
        objects=(deposit, *LEAKS),
        bone=BONE,
    )
    result = _measure(tmp_path, phantom, seed_mm=deposit.centre)
    assert result.cement_volume_ml == pytest.approx(deposit.volume_ml, rel=0.05)
    assert len(result.leaks) == 2
    assert all(leak.volume_ml >= 0.05 for leak in result.leaks)


@pytest.mark.parametrize(("thickness", "slices"), [(0.625, 72), (2.5, 20), (5.0, 12)])
def test_a_cylindrical_deposit_is_measured_within_5_percent(tmp_path, thickness, slices):
    deposit = Cylinder((0, 0, 0), 7.0, 30.0)  # 4.6 mL, the shape of a filled vertebral body core
    phantom = Phantom(
        z=regular_z(thickness, slices), rows=64, columns=64, spacing=(0.9, 0.9), objects=(deposit, *LEAKS), bone=BONE
    )
    result = _measure(tmp_path, phantom)
    assert result.seed == {"method": "largest"}
    assert result.cement_volume_ml == pytest.approx(deposit.volume_ml, rel=0.05)
    assert len(result.leaks) == 2, "every separate leak of 0.1 mL or more is found"


@pytest.mark.parametrize("centre_z", [0.0, 1.7, 2.5], ids=["mid-slice", "off-centre", "on-boundary"])
@pytest.mark.parametrize("spacing", [(0.9, 0.9), (0.7, 0.7)])
def test_a_1_4_ml_sphere_on_5_mm_slices_is_within_5_percent_wherever_the_slices_fall(tmp_path, centre_z, spacing):
    """Three slices high: counted as whole voxels it reads 8 % low to 5 % high by where the
    slices fall; the partial-volume correction brings it within 2 %."""
    deposit = Sphere((-4, 0.3, centre_z), 7.0)  # 1.44 mL
    matrix = 96 if spacing[0] < 0.8 else 64
    phantom = Phantom(
        z=regular_z(5.0, 12), rows=matrix, columns=matrix, spacing=spacing, objects=(deposit, *LEAKS), bone=BONE
    )
    result = _measure(tmp_path, phantom, seed_mm=deposit.centre)
    assert result.cement_volume_ml == pytest.approx(deposit.volume_ml, rel=0.05)
    assert len(result.leaks) == 2


def test_the_uncorrected_threshold_volume_is_reported_beside_the_corrected_one(tmp_path):
    deposit = Sphere((-4, 0, 0), 7.0)
    phantom = Phantom(z=regular_z(5.0, 12), rows=64, columns=64, spacing=(0.9, 0.9), objects=(deposit,), bone=BONE)
    result = _measure(tmp_path, phantom, seed_mm=deposit.centre)
    # Centred in a 5 mm slab, whole-voxel counting misses the caps (about 6 % low, see the docstring).
    assert result.threshold_volume_ml < 0.96 * deposit.volume_ml
    assert result.cement_volume_ml == pytest.approx(deposit.volume_ml, rel=0.02)
    data = result.to_dict()
    assert data["threshold_volume_ml"] == pytest.approx(result.threshold_volume_ml, abs=1e-3)
    assert "partial-volume" in data["parameters"]["volume"]


def test_a_small_leak_is_judged_against_the_deposit_s_cement_density(tmp_path):
    """A 0.1 mL leak on 5 mm slices has no voxel full of cement: its own brightest voxel would
    understate the cement's density and overstate its volume by about a third."""
    deposit, droplet = Sphere((-4, 0, 0), 7.0), Sphere((19, -17, -4), 3.0)  # the droplet: 0.11 mL
    phantom = Phantom(z=regular_z(5.0, 12), rows=64, columns=64, spacing=(0.9, 0.9), objects=(deposit, droplet))
    (leak,) = _measure(tmp_path, phantom, seed_mm=deposit.centre).leaks
    assert leak.volume_ml == pytest.approx(droplet.volume_ml, rel=0.10)


def test_a_large_sphere_on_5_mm_slices_is_within_5_percent(tmp_path):
    deposit = Sphere((0, 0, 0), 11.0)  # 5.6 mL
    phantom = Phantom(z=regular_z(5.0, 10), rows=72, columns=72, spacing=(0.9, 0.9), objects=(deposit,), bone=BONE)
    assert _measure(tmp_path, phantom).cement_volume_ml == pytest.approx(deposit.volume_ml, rel=0.05)


def test_leaks_carry_volume_distance_and_slice_range(tmp_path):
    deposit = Sphere((-4, 0, 0), 7.0)
    vein = Cylinder((-4, 14, 0), 2.0, 8.0)  # 0.10 mL, 5 mm beyond the deposit's surface (edge to edge)
    phantom = Phantom(z=regular_z(1.0, 40), rows=64, columns=64, spacing=(0.8, 0.8), objects=(deposit, vein), bone=BONE)
    result = _measure(tmp_path, phantom, seed_mm=deposit.centre)
    (leak,) = result.leaks
    assert leak.volume_ml == pytest.approx(vein.volume_ml, rel=0.25)
    assert 3.5 <= leak.distance_mm <= 6.5  # 14 - 7 - 2 = 5 mm between surfaces, within a voxel
    assert leak.z_first_mm == pytest.approx(-4.0, abs=1.01) and leak.z_last_mm == pytest.approx(4.0, abs=1.01)
    assert leak.slice_last - leak.slice_first + 1 == pytest.approx(9, abs=1)
    as_json = result.to_dict()
    assert as_json["leaks"][0]["volume_ml"] == round(leak.volume_ml, 3)
    assert as_json["disclaimer"] == DISCLAIMER and "not a diagnosis" in DISCLAIMER


def test_nothing_is_found_in_a_phantom_without_cement(tmp_path):
    phantom = Phantom(z=regular_z(1.25, 24), rows=64, columns=64, objects=(), bone=BONE, noise_sd=25.0)
    result = _measure(tmp_path, phantom)
    assert result.cement_volume_ml == 0.0
    assert result.leaks == ()
    assert result.bounding_box is None
    assert not result.deposit_mask.any()


def test_the_seed_picks_the_deposit_and_the_other_becomes_a_leak(tmp_path):
    big, small = Sphere((-10, 0, 0), 7.0), Sphere((12, 0, 0), 5.0)
    phantom = Phantom(z=regular_z(1.25, 24), rows=64, columns=64, objects=(big, small), bone=BONE)
    write_series(phantom, tmp_path)
    volume = read_series(tmp_path)
    by_point = measure_cement(volume, seed_mm=small.centre)
    assert by_point.cement_volume_ml == pytest.approx(small.volume_ml, rel=0.08)
    assert by_point.leaks[0].volume_ml == pytest.approx(big.volume_ml, rel=0.05)
    index = volume.to_index(small.centre)
    by_index = measure_cement(volume, seed_index=index)
    assert by_index.cement_volume_ml == by_point.cement_volume_ml
    assert by_index.seed == {"method": "index", "index": list(index)}
    assert measure_cement(volume).cement_volume_ml == pytest.approx(big.volume_ml, rel=0.05)


def test_the_lesion_level_picks_the_deposit_at_that_level(tmp_path):
    upper, lower = Sphere((0, 0, 10), 5.0), Sphere((0, 0, -10), 7.0)
    phantom = Phantom(z=regular_z(1.25, 32), rows=64, columns=64, objects=(upper, lower), bone=BONE)
    result = _measure(tmp_path, phantom, level_mm=(6.0, 14.0))
    assert result.cement_volume_ml == pytest.approx(upper.volume_ml, rel=0.08)
    assert result.seed["method"] == "level"


def test_a_seed_outside_the_series_is_refused(tmp_path):
    phantom = Phantom(z=regular_z(2.0, 10), rows=48, columns=48, objects=(Sphere((0, 0, 0), 5.0),))
    write_series(phantom, tmp_path)
    with pytest.raises(SeriesRefused, match="outside the series"):
        measure_cement(read_series(tmp_path), seed_mm=(0, 0, 200))


def test_a_tilted_series_measures_the_same_volume(tmp_path):
    deposit = Cylinder((0, 0, 0), 7.0, 20.0)
    phantom = Phantom(
        z=regular_z(1.25, 28), rows=64, columns=64, spacing=(0.9, 0.9), objects=(deposit,), tilt_degrees=20.0
    )
    assert _measure(tmp_path, phantom).cement_volume_ml == pytest.approx(deposit.volume_ml, rel=0.05)


def test_the_corrected_volume_hardly_depends_on_the_threshold(tmp_path):
    """The threshold only finds the deposit; its edge is weighed by density, so a site that
    moves the threshold for its own cement moves the volume by little."""
    deposit = Sphere((-4, 0.3, 1.7), 7.0)
    phantom = Phantom(z=regular_z(2.5, 18), rows=64, columns=64, spacing=(1.0, 1.0), objects=(deposit,), bone=BONE)
    write_series(phantom, tmp_path)
    volume = read_series(tmp_path)
    corrected = [measure_cement(volume, threshold_hu=t, seed_mm=deposit.centre) for t in (1200, 1500, 1800, 2100)]
    assert [r.cement_volume_ml for r in corrected] == pytest.approx([deposit.volume_ml] * 4, rel=0.03)
    assert corrected[-1].threshold_volume_ml < 0.9 * deposit.volume_ml  # whole voxels shrink with a higher threshold
