"""One CT series as a volume in Hounsfield units with its true geometry.

The slices are ordered by their position along the slice normal (the cross product of the
row and column directions of Image Orientation (Patient), DICOM PS3.3 C.7.6.2.1.1), never by
file name or Instance Number; the voxel values are the stored values through Rescale Slope
and Intercept (PS3.3 C.11.1.1.2), per frame for enhanced multi-frame CT (PS3.3 C.7.6.16).
Spacing between slices may be uneven: each slice stands for the slab half-way to its
neighbours. A gantry-tilted acquisition, whose slices are shifted along the stack, is measured
through the slice positions themselves (the volume of a sheared stack is its area times the
spacing along the normal, Cavalieri's principle) up to :data:`MAX_TILT_DEGREES`; beyond that it
is refused.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pydicom
from pydicom.errors import InvalidDicomError

from .errors import SeriesRefused
from .sources import ReadLimits, iter_files

#: A gap between neighbouring slices larger than this many times the median spacing is a missing slice.
MAX_GAP_RATIO = 1.5
#: Largest angle between the slice normal and the patient's head-foot axis for an axial series.
MAX_AXIAL_DEGREES = 45.0
#: Largest gantry tilt (shear of the stack) that is measured; beyond it the series is refused.
MAX_TILT_DEGREES = 30.0
#: Header fields kept with a measurement: geometry and acquisition only, never who or when.
ACQUISITION_KEYWORDS = (
    "Manufacturer",
    "ManufacturerModelName",
    "KVP",
    "XRayTubeCurrent",
    "Exposure",
    "ConvolutionKernel",
    "SliceThickness",
    "GantryDetectorTilt",
)


@dataclass(frozen=True)
class CtVolume:
    """A CT series in Hounsfield units, slices sorted along the normal.

    Attributes
    ----------
    hu : ndarray of float32, shape (slices, rows, columns)
        Hounsfield units.
    positions : ndarray, shape (slices, 3)
        Image Position (Patient) of each slice's first pixel, mm.
    row_direction, column_direction : ndarray, shape (3,)
        Unit vectors along a row (increasing column index) and along a column (increasing row index).
    pixel_spacing : tuple of float
        (between rows, between columns), mm.
    acquisition : dict
        The acquisition parameters of :data:`ACQUISITION_KEYWORDS` present in the header, plus
        the transfer syntax; nothing that identifies the patient.
    """

    hu: np.ndarray
    positions: np.ndarray
    row_direction: np.ndarray
    column_direction: np.ndarray
    pixel_spacing: tuple[float, float]
    acquisition: dict = field(default_factory=dict)

    @property
    def normal(self) -> np.ndarray:
        """Unit slice normal (row direction x column direction)."""
        n = np.cross(self.row_direction, self.column_direction)
        return n / np.linalg.norm(n)

    @property
    def offsets(self) -> np.ndarray:
        """Position of each slice along the normal, mm (increasing)."""
        return self.positions @ self.normal

    @property
    def slab_thickness(self) -> np.ndarray:
        """Thickness each slice stands for, mm: half-way to each neighbour (uneven spacing allowed)."""
        z = self.offsets
        if len(z) == 1:
            return np.array([float(self.acquisition.get("SliceThickness") or 1.0)])
        gaps = np.diff(z)
        before = np.concatenate(([gaps[0]], gaps))
        after = np.concatenate((gaps, [gaps[-1]]))
        return (before + after) / 2

    @property
    def voxel_volumes_mm3(self) -> np.ndarray:
        """Volume of one voxel of each slice, mm³ (pixel area x slab thickness)."""
        return self.slab_thickness * self.pixel_spacing[0] * self.pixel_spacing[1]

    @property
    def tilt_degrees(self) -> float:
        """Angle between the stack direction and the slice normal (gantry tilt), degrees."""
        if len(self.positions) < 2:
            return 0.0
        stack = self.positions[-1] - self.positions[0]
        cos = abs(float(stack @ self.normal)) / float(np.linalg.norm(stack))
        return math.degrees(math.acos(min(1.0, cos)))

    def to_patient(self, index: np.ndarray) -> np.ndarray:
        """Patient coordinates (mm) of voxel indices ``(slice, row, column)`` (shape (..., 3))."""
        index = np.asarray(index, dtype=float)
        k = np.clip(np.rint(index[..., 0]).astype(int), 0, len(self.positions) - 1)
        return (
            self.positions[k]
            + index[..., 2, None] * self.pixel_spacing[1] * self.row_direction
            + index[..., 1, None] * self.pixel_spacing[0] * self.column_direction
        )

    def to_index(self, point_mm) -> tuple[int, int, int]:
        """The voxel ``(slice, row, column)`` nearest a point in patient coordinates (mm).

        Raises
        ------
        SeriesRefused
            ``seed`` when the point lies outside the volume.
        """
        point = np.asarray(point_mm, dtype=float)
        along = np.abs(self.offsets - point @ self.normal)
        k = int(np.argmin(along))
        d = point - self.positions[k]
        col = round(float(d @ self.row_direction) / self.pixel_spacing[1])
        row = round(float(d @ self.column_direction) / self.pixel_spacing[0])
        index = (k if along[k] <= self.slab_thickness[k] / 2 else -1, row, col)
        self.check_index(index, what=f"the seed ({', '.join(f'{v:g}' for v in point)} mm)")
        return index

    def check_index(self, index, *, what: str = "the seed") -> None:
        """Refuse an index ``(slice, row, column)`` outside the volume."""
        if any(not 0 <= int(i) < n for i, n in zip(index, self.hu.shape, strict=True)):
            raise SeriesRefused(
                "seed",
                f"{what} lies outside the series (slices 0-{self.hu.shape[0] - 1}, rows 0-{self.hu.shape[1] - 1}, "
                f"columns 0-{self.hu.shape[2] - 1})",
            )

    def geometry(self) -> dict:
        """The series geometry as plain numbers (stored with a measurement)."""
        gaps = np.diff(self.offsets) if len(self.offsets) > 1 else np.array([])
        return {
            "slices": int(self.hu.shape[0]),
            "rows": int(self.hu.shape[1]),
            "columns": int(self.hu.shape[2]),
            "pixel_spacing_mm": [round(float(s), 4) for s in self.pixel_spacing],
            "slice_spacing_mm_median": round(float(np.median(gaps)), 4) if gaps.size else None,
            "slice_spacing_mm_min": round(float(gaps.min()), 4) if gaps.size else None,
            "slice_spacing_mm_max": round(float(gaps.max()), 4) if gaps.size else None,
            "orientation": [round(float(v), 5) for v in (*self.row_direction, *self.column_direction)],
            "tilt_degrees": round(self.tilt_degrees, 2),
        }


@dataclass(frozen=True)
class _Slice:
    series_uid: str
    position: np.ndarray
    orientation: np.ndarray
    spacing: tuple[float, float]
    pixels: np.ndarray


def read_series(path: str | Path, *, limits: ReadLimits = ReadLimits()) -> CtVolume:
    """Read the CT series in a folder or zip archive.

    Parameters
    ----------
    path : str or Path
        Folder, zip archive or single (multi-frame) DICOM file.
    limits : ReadLimits
        Size guards (zip bombs, oversized uploads).

    Returns
    -------
    CtVolume

    Raises
    ------
    SeriesRefused
        With a message naming the rule: ``not_dicom`` (a file that is not DICOM), ``not_ct``
        (another modality), ``mixed_series`` (more than one series, or slices at the same
        position), ``geometry`` (slices of different size, spacing or orientation),
        ``not_axial``, ``gantry_tilt`` (beyond :data:`MAX_TILT_DEGREES`), ``missing_slice``
        (a gap larger than :data:`MAX_GAP_RATIO` times the median spacing), ``pixels`` (pixel
        data no installed decoder reads), ``too_large``, ``empty``.
    """
    slices: list[_Slice] = []
    acquisition: dict = {}
    for position, content in enumerate(iter_files(path, limits), start=1):
        ds = _parse(content, position)
        if "PixelData" not in ds:
            continue  # a report or presentation state stored with the images
        modality = str(ds.get("Modality", "")).upper()
        if modality != "CT":
            raise SeriesRefused("not_ct", f"file {position} is a {modality or 'modality-less'} image, not CT")
        if not acquisition:
            acquisition = _acquisition(ds)
        slices.extend(_slices_of(ds, position))
    if not slices:
        raise SeriesRefused("empty", "no CT image was found")
    return _assemble(slices, acquisition)


def _parse(content: bytes, position: int) -> pydicom.Dataset:
    try:
        return pydicom.dcmread(io.BytesIO(content))
    except (InvalidDicomError, EOFError, ValueError, KeyError, OSError) as exc:
        raise SeriesRefused("not_dicom", f"file {position} is not a DICOM file ({type(exc).__name__})") from None


def _acquisition(ds: pydicom.Dataset) -> dict:
    values = {}
    for keyword in ACQUISITION_KEYWORDS:
        value = ds.get(keyword)
        if value is None or value == "":
            continue
        values[keyword] = float(value) if _numeric(value) else str(value)
    values["TransferSyntax"] = ds.file_meta.TransferSyntaxUID.name if "TransferSyntaxUID" in ds.file_meta else ""
    return values


def _numeric(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _pixels(ds: pydicom.Dataset, position: int) -> np.ndarray:
    try:
        return ds.pixel_array
    except Exception as exc:  # pydicom raises several types for an undecodable syntax
        syntax = ds.file_meta.get("TransferSyntaxUID")
        name = syntax.name if syntax is not None else "unknown"
        raise SeriesRefused(
            "pixels", f"file {position}: the pixel data ({name}) cannot be decoded ({type(exc).__name__})"
        ) from None


def _frame_item(ds, frame: int, sequence: str):
    per_frame = ds.get("PerFrameFunctionalGroupsSequence")
    if per_frame and sequence in per_frame[frame]:
        return per_frame[frame][sequence][0]
    shared = ds.get("SharedFunctionalGroupsSequence")
    if shared and sequence in shared[0]:
        return shared[0][sequence][0]
    return None


def _require(value, keyword: str, position: int):
    if value is None:
        raise SeriesRefused("geometry", f"file {position} has no {keyword}: its slices cannot be placed")
    return value


def _slices_of(ds: pydicom.Dataset, position: int) -> list[_Slice]:
    """The slices (one, or one per frame) of a CT file, in Hounsfield units."""
    pixels = _pixels(ds, position).astype(np.float32)
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    if frames == 1 and pixels.ndim == 2:
        pixels = pixels[None]
    series_uid = str(ds.get("SeriesInstanceUID", ""))
    result = []
    for f in range(frames):
        plane = _frame_item(ds, f, "PlanePositionSequence")
        orient = _frame_item(ds, f, "PlaneOrientationSequence")
        measures = _frame_item(ds, f, "PixelMeasuresSequence")
        rescale = _frame_item(ds, f, "PixelValueTransformationSequence")
        ipp = _require((plane or ds).get("ImagePositionPatient"), "Image Position (Patient)", position)
        iop = _require((orient or ds).get("ImageOrientationPatient"), "Image Orientation (Patient)", position)
        spacing = _require((measures or ds).get("PixelSpacing"), "Pixel Spacing", position)
        slope = float((rescale or ds).get("RescaleSlope", 1) or 1)
        intercept = float((rescale or ds).get("RescaleIntercept", 0) or 0)
        result.append(
            _Slice(
                series_uid=series_uid,
                position=np.array([float(v) for v in ipp]),
                orientation=np.array([float(v) for v in iop]),
                spacing=(float(spacing[0]), float(spacing[1])),
                pixels=pixels[f] * slope + intercept,
            )
        )
    return result


def _assemble(slices: list[_Slice], acquisition: dict) -> CtVolume:
    series = {s.series_uid for s in slices}
    if len(series) > 1:
        raise SeriesRefused("mixed_series", f"the files belong to {len(series)} different series; upload one series")
    first = slices[0]
    for s in slices[1:]:
        if s.pixels.shape != first.pixels.shape:
            raise SeriesRefused("geometry", "the slices do not all have the same number of rows and columns")
        if not np.allclose(s.orientation, first.orientation, atol=1e-3):
            raise SeriesRefused("geometry", "the slices do not all have the same orientation")
        if not np.allclose(s.spacing, first.spacing, rtol=1e-3):
            raise SeriesRefused("geometry", "the slices do not all have the same pixel spacing")
    row_dir = first.orientation[:3] / np.linalg.norm(first.orientation[:3])
    col_dir = first.orientation[3:] / np.linalg.norm(first.orientation[3:])
    normal = np.cross(row_dir, col_dir)
    normal /= np.linalg.norm(normal)
    axial_angle = math.degrees(math.acos(min(1.0, abs(float(normal[2])))))
    if axial_angle > MAX_AXIAL_DEGREES:
        raise SeriesRefused(
            "not_axial",
            f"the slices are not axial (their normal is {axial_angle:.0f}° from the head-foot axis); "
            "upload the axial reconstruction",
        )
    ordered = sorted(slices, key=lambda s: float(s.position @ normal))
    offsets = np.array([float(s.position @ normal) for s in ordered])
    if len(ordered) > 1:
        gaps = np.diff(offsets)
        if (gaps < 1e-3).any():
            raise SeriesRefused(
                "mixed_series", "two slices lie at the same position: the files mix acquisitions or repeat a slice"
            )
        median = float(np.median(gaps))
        worst = int(np.argmax(gaps))
        if gaps[worst] > MAX_GAP_RATIO * median:
            raise SeriesRefused(
                "missing_slice",
                f"a slice is missing: the gap after slice {worst + 1} is {gaps[worst]:.2f} mm, more than "
                f"{MAX_GAP_RATIO:g} times the median spacing ({median:.2f} mm)",
            )
    volume = CtVolume(
        hu=np.stack([s.pixels for s in ordered]).astype(np.float32, copy=False),
        positions=np.stack([s.position for s in ordered]),
        row_direction=row_dir,
        column_direction=col_dir,
        pixel_spacing=first.spacing,
        acquisition=acquisition,
    )
    if volume.tilt_degrees > MAX_TILT_DEGREES:
        raise SeriesRefused(
            "gantry_tilt",
            f"the slices are sheared by {volume.tilt_degrees:.0f}° (gantry tilt); at most {MAX_TILT_DEGREES:g}° is "
            "measured: reconstruct the series without tilt",
        )
    return volume
