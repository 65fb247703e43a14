"""The overlay figure: three projections, cement outlined, written as a PNG."""

from __future__ import annotations

import io

from matplotlib.image import imread

from ablacem.imaging import measure_cement, read_series
from ablacem.imaging.overlay import overlay_figure, overlay_png, write_overlay
from tests.imaging.phantoms import Cylinder, Phantom, Sphere, regular_z, write_series


def test_overlay_has_three_projections_with_the_cement_outlined(tmp_path):
    phantom = Phantom(
        z=regular_z(2.0, 14), rows=48, columns=48, objects=(Sphere((-5, 0, 0), 6.0), Cylinder((12, 10, 0), 2.0, 8.0))
    )
    write_series(phantom, tmp_path / "s")
    volume = read_series(tmp_path / "s")
    result = measure_cement(volume)
    figure = overlay_figure(volume, result)
    titles = [ax.get_title() for ax in figure.axes]
    assert titles == ["Axial MIP", "Coronal MIP", "Sagittal MIP"]
    assert all(len(ax.collections) == 2 for ax in figure.axes)  # one outline for the deposit, one for the leak
    assert f"{result.cement_volume_ml:.2f} mL" in figure._suptitle.get_text()
    path = write_overlay(volume, result, tmp_path / "overlay.png")
    image = imread(path)
    assert image.shape[0] > 300 and image.shape[1] > 800
    red = (image[..., 0] > 0.9) & (image[..., 1] < 0.2) & (image[..., 2] < 0.2)
    assert red.sum() > 20
    assert imread(io.BytesIO(overlay_png(volume, result))).shape == image.shape
