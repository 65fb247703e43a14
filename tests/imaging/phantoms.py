"""Synthetic CT phantoms written with pydicom (no real patient images exist here).

A phantom is soft tissue (40 HU) holding a block of trabecular bone (300 HU) inside a cortical
shell (1,000 HU), with cement objects (2,700 HU: spheres, and cylinders along the head-foot
axis) of known analytic volume. Each voxel is the slab it stands for, supersampled, so edges
have partial-volume values; Gaussian noise is added. Files are written in shuffled order under
meaningless names, with identifying header fields filled in (so de-identification has
something to remove).
"""

from __future__ import annotations

import hashlib
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import CTImageStorage, EnhancedCTImageStorage, ExplicitVRLittleEndian, generate_uid

SOFT_TISSUE_HU = 40.0
BONE_HU = 300.0
CORTEX_HU = 1000.0
CEMENT_HU = 2700.0
#: Stored value = HU + 1024 (Rescale Intercept -1024, the usual CT convention).
INTERCEPT = -1024.0

#: Identifying values every phantom header carries.
PATIENT = {
    "PatientName": "Doe^Jane",
    "PatientID": "HOSP-123456",
    "PatientBirthDate": "19500102",
    "PatientSex": "F",
    "PatientAddress": "1 Rue de la Paix, Paris",
    "OtherPatientIDs": "OTHER-99",
    "AccessionNumber": "ACC778899",
    "InstitutionName": "Hopital Exemple",
    "InstitutionAddress": "2 Avenue Exemple",
    "ReferringPhysicianName": "House^Gregory",
    "OperatorsName": "Tech^Anna",
    "PerformingPhysicianName": "Radio^Logist",
    "StationName": "CTROOM1",
    "StudyDate": "20260315",
    "StudyTime": "101500",
    "SeriesDate": "20260315",
    "AcquisitionDate": "20260315",
    "ContentDate": "20260315",
    "StudyID": "S4242",
    "StudyDescription": "CT spine post cementoplasty Doe",
    "DeviceSerialNumber": "SN-0001",
}


@dataclass(frozen=True)
class Sphere:
    """A sphere of cement: ``centre`` (x, y, z) mm, ``radius`` mm."""

    centre: tuple[float, float, float]
    radius: float
    hu: float = CEMENT_HU

    @property
    def volume_ml(self) -> float:
        return 4 / 3 * math.pi * self.radius**3 / 1000

    def bounds(self):
        c = np.array(self.centre)
        return c - self.radius, c + self.radius

    def inside(self, x, y, z):
        cx, cy, cz = self.centre
        return (x - cx) ** 2 + (y - cy) ** 2 + (z - cz) ** 2 <= self.radius**2


@dataclass(frozen=True)
class Cylinder:
    """A cylinder of cement along z: ``centre`` (x, y, z) mm, ``radius`` and ``length`` mm."""

    centre: tuple[float, float, float]
    radius: float
    length: float
    hu: float = CEMENT_HU

    @property
    def volume_ml(self) -> float:
        return math.pi * self.radius**2 * self.length / 1000

    def bounds(self):
        c = np.array(self.centre)
        half = np.array([self.radius, self.radius, self.length / 2])
        return c - half, c + half

    def inside(self, x, y, z):
        cx, cy, cz = self.centre
        return ((x - cx) ** 2 + (y - cy) ** 2 <= self.radius**2) & (np.abs(z - cz) <= self.length / 2)


@dataclass
class Phantom:
    """A CT volume with its geometry.

    ``z`` are the slice positions along the head-foot axis (mm, any order, may be uneven);
    ``tilt_degrees`` shifts each slice along y by ``z * tan(tilt)`` as a tilted gantry does.
    """

    z: np.ndarray
    rows: int = 64
    columns: int = 64
    spacing: tuple[float, float] = (1.0, 1.0)
    objects: tuple = ()
    noise_sd: float = 12.0
    tilt_degrees: float = 0.0
    bone: tuple[tuple[float, float, float], tuple[float, float, float]] | None = None
    seed: int = 7
    hu: np.ndarray = field(init=False)

    def __post_init__(self):
        self.z = np.sort(np.asarray(self.z, dtype=float))
        self.hu = self._render()

    @property
    def origin(self) -> tuple[float, float]:
        """(x, y) of the first pixel: the field of view is centred on 0."""
        return (-(self.columns - 1) * self.spacing[1] / 2, -(self.rows - 1) * self.spacing[0] / 2)

    def position(self, k: int) -> tuple[float, float, float]:
        """Image Position (Patient) of slice ``k``."""
        x0, y0 = self.origin
        return (x0, y0 + self.z[k] * math.tan(math.radians(self.tilt_degrees)), float(self.z[k]))

    def _slabs(self):
        gaps = np.diff(self.z) if len(self.z) > 1 else np.array([1.0])
        before = np.concatenate(([gaps[0]], gaps))
        after = np.concatenate((gaps, [gaps[-1]]))
        return self.z - before / 2, self.z + after / 2

    def _render(self) -> np.ndarray:
        rng = np.random.default_rng(self.seed)
        hu = np.full((len(self.z), self.rows, self.columns), SOFT_TISSUE_HU, dtype=np.float64)
        low_z, high_z = self._slabs()
        shift = math.tan(math.radians(self.tilt_degrees))
        x0, y0 = self.origin
        for k in range(len(self.z)):
            x = x0 + np.arange(self.columns) * self.spacing[1]
            y = y0 + self.z[k] * shift + np.arange(self.rows) * self.spacing[0]
            if self.bone is not None:
                (bx0, by0, bz0), (bx1, by1, bz1) = self.bone
                if bz0 <= self.z[k] <= bz1:
                    in_x = (x >= bx0) & (x <= bx1)
                    in_y = (y >= by0) & (y <= by1)
                    hu[k][np.ix_(in_y, in_x)] = CORTEX_HU
                    core_x = (x >= bx0 + 2) & (x <= bx1 - 2)
                    core_y = (y >= by0 + 2) & (y <= by1 - 2)
                    if bz0 + 2 <= self.z[k] <= bz1 - 2:
                        hu[k][np.ix_(core_y, core_x)] = BONE_HU
            for obj in self.objects:
                fraction = self._fraction(obj, k, x, y, low_z[k], high_z[k])
                if fraction is not None:
                    (rs, cs), f = fraction
                    hu[k, rs, cs] = hu[k, rs, cs] * (1 - f) + obj.hu * f
        hu += rng.normal(0.0, self.noise_sd, hu.shape)
        return hu

    def _fraction(self, obj, k, x, y, z_low, z_high):
        """Share of each pixel of slab ``k`` inside ``obj`` (supersampled), or None if it misses."""
        lo, hi = obj.bounds()
        if z_high < lo[2] or z_low > hi[2]:
            return None
        cols = np.nonzero((x >= lo[0] - self.spacing[1]) & (x <= hi[0] + self.spacing[1]))[0]
        rows = np.nonzero((y >= lo[1] - self.spacing[0]) & (y <= hi[1] + self.spacing[0]))[0]
        if cols.size == 0 or rows.size == 0:
            return None
        sub = 5
        n_z = max(5, math.ceil((z_high - z_low) / 0.1))
        offsets = (np.arange(sub) + 0.5) / sub - 0.5
        zs = z_low + (np.arange(n_z) + 0.5) / n_z * (z_high - z_low)
        xs = (x[cols][:, None] + offsets[None] * self.spacing[1]).ravel()
        ys = (y[rows][:, None] + offsets[None] * self.spacing[0]).ravel()
        yy, xx, zz = np.meshgrid(ys, xs, zs, indexing="ij")
        inside = obj.inside(xx, yy, zz).reshape(rows.size, sub, cols.size, sub, n_z)
        f = inside.mean(axis=(1, 3, 4))
        return (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)), f


def regular_z(spacing: float, count: int, start: float | None = None) -> np.ndarray:
    """``count`` slice positions ``spacing`` mm apart, centred on 0 unless ``start`` is given."""
    first = -(count - 1) * spacing / 2 if start is None else start
    return first + np.arange(count) * spacing


def _base_dataset(phantom: Phantom, *, modality: str, series_uid: str, study_uid: str, sop_class) -> Dataset:
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = sop_class
    ds.Modality = modality
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = series_uid
    ds.FrameOfReferenceUID = generate_uid()
    for keyword, value in PATIENT.items():
        setattr(ds, keyword, value)
    ds.Manufacturer = "Phantom Works"
    ds.KVP = 120
    ds.XRayTubeCurrent = 250
    ds.ConvolutionKernel = "B30f"
    ds.GantryDetectorTilt = phantom.tilt_degrees
    ds.Rows, ds.Columns = phantom.rows, phantom.columns
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 0
    return ds


def _stored(hu: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(hu - INTERCEPT), 0, 65535).astype(np.uint16)


def write_series(
    phantom: Phantom,
    folder: Path,
    *,
    modality: str = "CT",
    series_uid: str | None = None,
    orientation=(1, 0, 0, 0, 1, 0),
    skip_slices: tuple[int, ...] = (),
    transfer_syntax=None,
    shuffle_seed: int = 3,
) -> list[Path]:
    """Write one file per slice into ``folder`` in shuffled order; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    series_uid = series_uid or generate_uid()
    study_uid = generate_uid()
    order = np.random.default_rng(shuffle_seed).permutation(len(phantom.z))
    paths = []
    for n, k in enumerate(order):
        if k in skip_slices:
            continue
        ds = _base_dataset(
            phantom, modality=modality, series_uid=series_uid, study_uid=study_uid, sop_class=CTImageStorage
        )
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        ds.InstanceNumber = int(n + 1)  # deliberately not the slice order
        ds.ImagePositionPatient = list(phantom.position(int(k)))
        ds.ImageOrientationPatient = list(orientation)
        ds.PixelSpacing = list(phantom.spacing)
        ds.SliceThickness = float(np.median(np.diff(phantom.z))) if len(phantom.z) > 1 else 1.0
        ds.RescaleIntercept, ds.RescaleSlope = INTERCEPT, 1
        ds.PixelData = _stored(phantom.hu[k]).tobytes()
        if transfer_syntax is not None:
            ds.compress(transfer_syntax)
        name = hashlib.sha256(f"{series_uid}/{k}".encode()).hexdigest()[:12]
        path = folder / f"img{name}.dcm"
        ds.save_as(path, enforce_file_format=True)
        paths.append(path)
    return paths


def write_multiframe(phantom: Phantom, path: Path, *, shuffle_seed: int = 5) -> Path:
    """Write the phantom as one Enhanced CT multi-frame file, frames in shuffled order."""
    ds = _base_dataset(
        phantom, modality="CT", series_uid=generate_uid(), study_uid=generate_uid(), sop_class=EnhancedCTImageStorage
    )
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    order = np.random.default_rng(shuffle_seed).permutation(len(phantom.z))
    ds.NumberOfFrames = len(order)
    shared = Dataset()
    measures = Dataset()
    measures.PixelSpacing = list(phantom.spacing)
    measures.SliceThickness = float(np.median(np.diff(phantom.z)))
    orient = Dataset()
    orient.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    rescale = Dataset()
    rescale.RescaleIntercept, rescale.RescaleSlope, rescale.RescaleType = INTERCEPT, 1, "HU"
    shared.PixelMeasuresSequence = Sequence([measures])
    shared.PlaneOrientationSequence = Sequence([orient])
    shared.PixelValueTransformationSequence = Sequence([rescale])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    frames = []
    for k in order:
        item = Dataset()
        plane = Dataset()
        plane.ImagePositionPatient = list(phantom.position(int(k)))
        item.PlanePositionSequence = Sequence([plane])
        frames.append(item)
    ds.PerFrameFunctionalGroupsSequence = Sequence(frames)
    ds.PixelData = _stored(phantom.hu[order]).tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=True)
    return path


def zip_folder(folder: Path, archive: Path) -> Path:
    """Zip every file of ``folder`` (deflated, flat)."""
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for p in sorted(folder.iterdir()):
            z.write(p, arcname=p.name)
    return archive


def read_back(path: Path) -> pydicom.Dataset:
    """A written file, read again (for header checks)."""
    return pydicom.dcmread(path)
