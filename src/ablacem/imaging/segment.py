"""Cement deposit and candidate leaks on a post-procedure CT.

Cement is every voxel at or above a density threshold, grouped into 3-D connected components
(26-connectivity, :func:`scipy.ndimage.label`); volumes are corrected for partial volume at
each component's edge (:func:`partial_volume_ml`). The main deposit is the component at the seed
(a point the radiologist gives, in patient coordinates or as slice/row/column), or else the
largest component at the lesion's level (or in the whole series). Other components within
:data:`LEAK_SEARCH_MM` of the main deposit are candidate leaks.

This is a measurement aid, not a diagnosis (:data:`DISCLAIMER`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import ndimage
from scipy.spatial import cKDTree

from ablacem import __version__

from .series import CtVolume

#: Default cement threshold, HU: what is denser is cement. PMMA bone cement is made radio-opaque
#: with barium sulphate or zirconium dioxide (about 10-30 % by weight) and on clinical CT reads
#: in the thousands of HU, above trabecular bone (roughly 100-400 HU) and most cortical bone.
#: How dense depends on the cement: CT values of PMMA cement rise in proportion to its barium
#: sulphate content (10-40 % tested; Makita M, Yamakado K, et al. Effects of barium
#: concentration on the radiopacity and biomechanics of bone cement: experimental study. Jpn J
#: Radiol 2008;26(9):533-538; abstract read, its values not quoted here). 1,500 HU is the value
#: issue 15 of this project proposed; no published validation of it for volume measurement has
#: been checked here, so it is a starting point a site confirms on its own
#: scanner and cement (``--threshold``). It matters less than it seems: it only finds the deposit
#: and its leaks, whose volumes are then weighed by density at their edges
#: (:func:`partial_volume_ml`; on phantoms the volume moves by under 3 % between 1,200 and
#: 2,100 HU, ``tests/imaging/test_segment.py``).
CEMENT_THRESHOLD_HU = 1500.0
#: Dense components farther than this from the main deposit (nearest voxels) are not candidate leaks.
LEAK_SEARCH_MM = 40.0
#: Components smaller than this are not reported (isolated dense voxels, beam-hardening specks).
MIN_COMPONENT_ML = 0.02
#: How far from the seed point the nearest cement voxel is looked for, mm.
SEED_SEARCH_MM = 10.0
#: What every measurement says of itself.
DISCLAIMER = (
    "Measurement aid, not a diagnosis: a density threshold on the CT, to be confirmed by the radiologist "
    "who reviews the images."
)
_CONNECTIVITY = ndimage.generate_binary_structure(3, 3)


@dataclass(frozen=True)
class Leak:
    """One candidate leak: a dense component separate from the main deposit.

    Attributes
    ----------
    volume_ml : float
    distance_mm : float
        Between the nearest voxel centres of the leak and the main deposit.
    slice_first, slice_last : int
        1-based positions of its first and last slice in the sorted series.
    z_first_mm, z_last_mm : float
        The same along the slice normal, mm.
    centroid_mm : tuple of float
        Patient coordinates of its centre.
    """

    volume_ml: float
    distance_mm: float
    slice_first: int
    slice_last: int
    z_first_mm: float
    z_last_mm: float
    centroid_mm: tuple[float, float, float]

    def to_dict(self) -> dict:
        """JSON-ready."""
        return {
            "volume_ml": round(self.volume_ml, 3),
            "distance_mm": round(self.distance_mm, 1),
            "slice_first": self.slice_first,
            "slice_last": self.slice_last,
            "z_first_mm": round(self.z_first_mm, 2),
            "z_last_mm": round(self.z_last_mm, 2),
            "centroid_mm": [round(v, 1) for v in self.centroid_mm],
        }


@dataclass(frozen=True)
class CementMeasurement:
    """The cement measured on one series.

    Attributes
    ----------
    cement_volume_ml : float
        Volume of the main deposit, partial-volume corrected (:func:`partial_volume_ml`; 0 when
        there is none).
    threshold_volume_ml : float
        The same counted as whole voxels at or above the threshold (uncorrected).
    leaks : tuple of Leak
        Candidate leaks, largest first.
    bounding_box : dict or None
        Of the main deposit: slice range and patient-coordinate extent (mm).
    threshold_hu : float
    seed : dict
        How the main deposit was chosen (``method``: ``point``, ``index``, ``level`` or
        ``largest``) and the voxel used.
    geometry, acquisition : dict
        Of the series (no identifying header field).
    deposit_mask, leak_mask : ndarray of bool
        Voxels of the main deposit and of the candidate leaks (for the overlay; not serialised).
    """

    cement_volume_ml: float
    threshold_volume_ml: float
    leaks: tuple[Leak, ...]
    bounding_box: dict | None
    threshold_hu: float
    seed: dict
    geometry: dict
    acquisition: dict
    deposit_mask: np.ndarray = field(repr=False)
    leak_mask: np.ndarray = field(repr=False)
    software_version: str = __version__

    @property
    def leak_volume_ml(self) -> float:
        """Total volume of the candidate leaks."""
        return float(sum(leak.volume_ml for leak in self.leaks))

    def to_dict(self) -> dict:
        """JSON-ready result (``result.json``, the EDC's stored measurement)."""
        return {
            "cement_volume_ml": round(self.cement_volume_ml, 3),
            "threshold_volume_ml": round(self.threshold_volume_ml, 3),
            "leaks": [leak.to_dict() for leak in self.leaks],
            "leak_count": len(self.leaks),
            "bounding_box": self.bounding_box,
            "parameters": {
                "threshold_hu": self.threshold_hu,
                "connectivity": "26-connected (3-D)",
                "volume": "partial-volume corrected (linear mixing at the deposit's edge)",
                "leak_search_mm": LEAK_SEARCH_MM,
                "min_component_ml": MIN_COMPONENT_ML,
                "seed": self.seed,
            },
            "geometry": self.geometry,
            "acquisition": self.acquisition,
            "software": {"name": "ablacem", "version": self.software_version},
            "disclaimer": DISCLAIMER,
        }


def measure_cement(
    volume: CtVolume,
    *,
    threshold_hu: float = CEMENT_THRESHOLD_HU,
    seed_mm=None,
    seed_index=None,
    level_mm: tuple[float, float] | None = None,
) -> CementMeasurement:
    """Segment the cement of ``volume`` and find candidate leaks.

    Parameters
    ----------
    volume : CtVolume
    threshold_hu : float
        Voxels at or above it are cement (default :data:`CEMENT_THRESHOLD_HU`).
    seed_mm : sequence of 3 floats, optional
        A point in the deposit, patient coordinates (mm).
    seed_index : sequence of 3 ints, optional
        The same as ``(slice, row, column)``, 0-based in the sorted series.
    level_mm : (float, float), optional
        The lesion's level: the range along the slice normal (mm) the main deposit must reach;
        used when no seed is given.

    Returns
    -------
    CementMeasurement

    Raises
    ------
    SeriesRefused
        ``seed`` when the seed is outside the series.
    """
    mask = volume.hu >= threshold_hu
    labels, count = ndimage.label(mask, structure=_CONNECTIVITY)
    voxel_ml = volume.voxel_volumes_mm3 / 1000.0
    per_voxel = np.broadcast_to(voxel_ml[:, None, None], labels.shape)
    # Voxel counts choose the deposit and drop specks; reported volumes are partial-volume corrected.
    component_ml = np.bincount(labels.ravel(), weights=per_voxel.ravel(), minlength=count + 1)
    component_ml[0] = 0.0
    main, seed = _main_component(volume, labels, component_ml, seed_mm, seed_index, level_mm)
    deposit = labels == main if main else np.zeros_like(mask)
    cement_hu = cement_density_hu(volume, labels, main) if main else None
    leaks, leak_mask = (
        _leaks(volume, labels, component_ml, main, deposit, threshold_hu, cement_hu)
        if main
        else ((), np.zeros_like(mask))
    )
    return CementMeasurement(
        cement_volume_ml=partial_volume_ml(volume, labels, main, threshold_hu, cement_hu=cement_hu) if main else 0.0,
        threshold_volume_ml=float(component_ml[main]) if main else 0.0,
        leaks=leaks,
        bounding_box=_bounding_box(volume, deposit) if main else None,
        threshold_hu=float(threshold_hu),
        seed=seed,
        geometry=volume.geometry(),
        acquisition=dict(volume.acquisition),
        deposit_mask=deposit,
        leak_mask=leak_mask,
    )


def _main_component(volume, labels, component_ml, seed_mm, seed_index, level_mm) -> tuple[int, dict]:
    if seed_mm is not None or seed_index is not None:
        if seed_index is not None:
            index = tuple(int(v) for v in seed_index)
            volume.check_index(index)
            method = "index"
        else:
            index = volume.to_index(seed_mm)
            method = "point"
        seed = {"method": method, "index": list(index)}
        if seed_mm is not None:
            seed["point_mm"] = [float(v) for v in seed_mm]
        return _component_near(volume, labels, component_ml, index), seed
    candidates = component_ml >= MIN_COMPONENT_ML
    seed = {"method": "largest"}
    if level_mm is not None:
        low, high = sorted(level_mm)
        in_level = (volume.offsets >= low) & (volume.offsets <= high)
        touching = np.unique(labels[in_level])
        at_level = np.zeros_like(candidates)
        at_level[touching] = True
        candidates &= at_level
        seed = {"method": "level", "level_mm": [float(low), float(high)]}
    candidates[0] = False
    if not candidates.any():
        return 0, seed
    return int(np.argmax(np.where(candidates, component_ml, -1.0))), seed


def partial_volume_ml(
    volume: CtVolume, labels: np.ndarray, label: int, threshold_hu: float, *, cement_hu: float | None = None
) -> float:
    """Volume of component ``label`` corrected for partial volume at its edge, mL.

    Counting whole voxels at or above a threshold misjudges a small deposit on thick slices:
    an edge voxel half filled with cement is counted whole or not at all, and on 5 mm slices
    a 1.4 mL sphere is only about three slices high (errors of -8 % to +5 % by where the
    slices fall, against 1 % on 2.5 mm slices). A CT voxel's value is the volume-weighted mean
    of the attenuation of what it contains (the partial-volume effect: Hsieh J, *Computed
    Tomography: Principles, Design, Artifacts, and Recent Advances*, 2nd ed., SPIE Press
    2009, ch. 7), so an edge voxel's cement fraction is
    ``(HU - background) / (cement - background)``:

    - voxels inside the deposit (all 26 neighbours in it) count whole;
    - the deposit's edge voxels and the one-voxel shell around it (not part of another
      component) count that fraction, clipped to [0, 1];
    - ``cement`` is ``cement_hu`` when given (a leak is the same cement as the main deposit:
      :func:`measure_cement` passes the deposit's), else the median HU of the inner voxels
      (the highest HU of the component when it has none), and ``background`` the HU of the
      nearest voxel below the threshold in the next shell out (so an edge against cortex is
      judged against cortex, not soft tissue).

    Assumes the cement is of even density and its surroundings locally uniform; where the
    density varies the correction is approximate. The radiologist confirms (:data:`DISCLAIMER`).

    Parameters
    ----------
    volume : CtVolume
    labels : ndarray of int
        Connected components of the voxels at or above ``threshold_hu``.
    label : int
        The component to measure.
    threshold_hu : float
    cement_hu : float, optional
        The cement's own HU; by default measured on the component.

    Returns
    -------
    float
    """
    box = _grown_box(ndimage.find_objects(labels)[label - 1], labels.shape, margin=2)
    local = labels[box]
    hu = volume.hu[box]
    voxel_ml = (volume.voxel_volumes_mm3[box[0]] / 1000.0)[:, None, None]
    component = local == label
    inner = ndimage.binary_erosion(component, structure=_CONNECTIVITY)
    free = (local == 0) | component
    shell = ndimage.binary_dilation(component, structure=_CONNECTIVITY) & free & ~inner
    ring = ndimage.binary_dilation(shell | component, structure=_CONNECTIVITY) & free & ~shell & ~component
    cement = cement_hu if cement_hu is not None else cement_density_hu(volume, labels, label)
    below = ring & (hu < threshold_hu)
    if not below.any():
        return float((voxel_ml * component).sum())
    # Each edge voxel mixes cement with what lies just outside it: the nearest ring voxel below
    # the threshold (soft tissue, trabecular bone or cortex), found by a distance transform.
    spacing = (float(np.median(volume.slab_thickness[box[0]])), *volume.pixel_spacing)
    nearest = ndimage.distance_transform_edt(~below, sampling=spacing, return_distances=False, return_indices=True)
    background = hu[tuple(nearest)]
    fraction = np.clip((hu - background) / np.maximum(cement - background, 1.0), 0.0, 1.0)
    return float((voxel_ml * inner).sum() + (voxel_ml * fraction * shell).sum())


def cement_density_hu(volume: CtVolume, labels: np.ndarray, label: int) -> float:
    """The cement's own HU in component ``label``: the median of its inner voxels (all 26
    neighbours in it, free of partial volume), or its highest HU when it has none."""
    box = _grown_box(ndimage.find_objects(labels)[label - 1], labels.shape, margin=1)
    component = labels[box] == label
    inner = ndimage.binary_erosion(component, structure=_CONNECTIVITY)
    hu = volume.hu[box]
    return float(np.median(hu[inner])) if inner.any() else float(hu[component].max())


def _grown_box(box: tuple[slice, ...], shape: tuple[int, ...], *, margin: int) -> tuple[slice, ...]:
    return tuple(slice(max(0, b.start - margin), min(n, b.stop + margin)) for b, n in zip(box, shape, strict=True))


def _component_near(volume, labels, component_ml, index) -> int:
    """The component at ``index``, or the nearest one within :data:`SEED_SEARCH_MM` of it."""
    label = int(labels[index])
    if label and component_ml[label] >= MIN_COMPONENT_ML:
        return label
    k, i, j = index
    reach = [
        max(1, int(np.ceil(SEED_SEARCH_MM / float(np.median(volume.slab_thickness))))),
        int(np.ceil(SEED_SEARCH_MM / volume.pixel_spacing[0])),
        int(np.ceil(SEED_SEARCH_MM / volume.pixel_spacing[1])),
    ]
    box = tuple(slice(max(0, c - r), c + r + 1) for c, r in zip(index, reach, strict=True))
    near = np.argwhere(labels[box] > 0)
    if near.size == 0:
        return 0
    near = near + np.array([b.start for b in box])
    distances = np.linalg.norm(volume.to_patient(near) - volume.to_patient(np.array([k, i, j])), axis=1)
    best = int(np.argmin(distances))
    if distances[best] > SEED_SEARCH_MM:
        return 0
    return int(labels[tuple(near[best])])


def _surface_points(volume: CtVolume, mask: np.ndarray) -> np.ndarray:
    surface = mask & ~ndimage.binary_erosion(mask, structure=_CONNECTIVITY)
    return volume.to_patient(np.argwhere(surface))


def _leaks(volume, labels, component_ml, main, deposit, threshold_hu, cement_hu) -> tuple[tuple[Leak, ...], np.ndarray]:
    tree = cKDTree(_surface_points(volume, deposit))
    found = []
    leak_mask = np.zeros(labels.shape, dtype=bool)
    objects = ndimage.find_objects(labels)
    for label, box in enumerate(objects, start=1):
        if box is None or label == main or component_ml[label] < MIN_COMPONENT_ML:
            continue
        local = labels[box] == label
        offset = np.array([b.start for b in box])
        points = _surface_points_offset(volume, local, offset)
        distance = float(tree.query(points)[0].min())
        if distance > LEAK_SEARCH_MM:
            continue
        voxels = np.argwhere(local) + offset
        weights = volume.voxel_volumes_mm3[voxels[:, 0]]
        centroid = (volume.to_patient(voxels) * weights[:, None]).sum(axis=0) / weights.sum()
        first, last = int(voxels[:, 0].min()), int(voxels[:, 0].max())
        found.append(
            Leak(
                volume_ml=partial_volume_ml(volume, labels, label, threshold_hu, cement_hu=cement_hu),
                distance_mm=distance,
                slice_first=first + 1,
                slice_last=last + 1,
                z_first_mm=float(volume.offsets[first]),
                z_last_mm=float(volume.offsets[last]),
                centroid_mm=tuple(float(v) for v in centroid),
            )
        )
        leak_mask[box] |= local
    found.sort(key=lambda leak: -leak.volume_ml)
    return tuple(found), leak_mask


def _surface_points_offset(volume, local, offset) -> np.ndarray:
    padded = np.pad(local, 1)
    surface = padded & ~ndimage.binary_erosion(padded, structure=_CONNECTIVITY)
    return volume.to_patient(np.argwhere(surface[1:-1, 1:-1, 1:-1]) + offset)


def _bounding_box(volume: CtVolume, deposit: np.ndarray) -> dict:
    voxels = np.argwhere(deposit)
    points = volume.to_patient(voxels)
    low, high = voxels.min(axis=0), voxels.max(axis=0)
    return {
        "slice_first": int(low[0]) + 1,
        "slice_last": int(high[0]) + 1,
        "rows": [int(low[1]), int(high[1])],
        "columns": [int(low[2]), int(high[2])],
        "min_mm": [round(float(v), 1) for v in points.min(axis=0)],
        "max_mm": [round(float(v), 1) for v in points.max(axis=0)],
    }
