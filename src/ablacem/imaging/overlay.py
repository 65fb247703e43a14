"""The overlay figure: axial, coronal and sagittal maximum-intensity projections, cement outlined."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .segment import DISCLAIMER, CementMeasurement
from .series import CtVolume

#: Display window of the projections, HU (bone to cement).
WINDOW_HU = (-200.0, 3000.0)


def overlay_figure(volume: CtVolume, measurement: CementMeasurement) -> Figure:
    """Three MIPs of ``volume`` with the main deposit outlined in red and candidate leaks in yellow.

    Parameters
    ----------
    volume : CtVolume
    measurement : CementMeasurement
        Of the same volume.

    Returns
    -------
    matplotlib.figure.Figure
        Drawn with the Agg canvas (no display needed).
    """
    figure = Figure(figsize=(11, 4.2), dpi=100)
    FigureCanvasAgg(figure)
    dz = float(np.median(volume.slab_thickness))
    dy, dx = volume.pixel_spacing
    views = (
        ("Axial MIP", 0, dy / dx, False),
        ("Coronal MIP", 1, dz / dx, True),
        ("Sagittal MIP", 2, dz / dy, True),
    )
    axes = figure.subplots(1, 3)
    for ax, (title, axis, aspect, flip) in zip(axes, views, strict=True):
        image = volume.hu.max(axis=axis)
        deposit = measurement.deposit_mask.any(axis=axis)
        leaks = measurement.leak_mask.any(axis=axis)
        if flip:  # head at the top: slices run foot to head along the normal
            image, deposit, leaks = image[::-1], deposit[::-1], leaks[::-1]
        ax.imshow(image, cmap="gray", vmin=WINDOW_HU[0], vmax=WINDOW_HU[1], aspect=aspect, interpolation="nearest")
        if deposit.any():
            ax.contour(deposit.astype(float), levels=[0.5], colors="red", linewidths=1.0)
        if leaks.any():
            ax.contour(leaks.astype(float), levels=[0.5], colors="yellow", linewidths=1.0)
        ax.set_title(title, fontsize=10)
        ax.set_axis_off()
    leaks_text = ", ".join(f"{leak.volume_ml:.2f} mL at {leak.distance_mm:.0f} mm" for leak in measurement.leaks)
    figure.suptitle(
        f"Cement {measurement.cement_volume_ml:.2f} mL (red, >= {measurement.threshold_hu:g} HU); "
        f"candidate leaks (yellow): {leaks_text or 'none'}",
        fontsize=10,
    )
    figure.text(0.5, 0.02, DISCLAIMER, ha="center", fontsize=8)
    return figure


def write_overlay(volume: CtVolume, measurement: CementMeasurement, path: str | Path) -> Path:
    """Write :func:`overlay_figure` as a PNG at ``path``; return the path."""
    path = Path(path)
    overlay_figure(volume, measurement).savefig(path, format="png")
    return path


def overlay_png(volume: CtVolume, measurement: CementMeasurement) -> bytes:
    """:func:`overlay_figure` as PNG bytes (for storage in the EDC)."""
    import io

    buffer = io.BytesIO()
    overlay_figure(volume, measurement).savefig(buffer, format="png")
    return buffer.getvalue()
