"""Measuring bone cement on the post-procedure CT (pure: pydicom, numpy, scipy; no Django).

- :mod:`.sources` reads the files of a series from a folder or a zip, with size guards;
- :mod:`.series` turns them into one :class:`~.series.CtVolume` in Hounsfield units with its
  true geometry, refusing (:class:`~.errors.SeriesRefused`) what it cannot measure;
- :mod:`.segment` finds the cement deposit and candidate leaks (:class:`~.segment.CementMeasurement`);
- :mod:`.overlay` draws the maximum-intensity projections with the cement outlined;
- :mod:`.deidentify` writes a de-identified copy of a series for sharing.

The measurement is an aid for the radiologist, not a diagnosis (:data:`~.segment.DISCLAIMER`).
"""

from .errors import SeriesRefused
from .segment import CEMENT_THRESHOLD_HU, DISCLAIMER, CementMeasurement, Leak, measure_cement
from .series import CtVolume, read_series
from .sources import ReadLimits

__all__ = [
    "CEMENT_THRESHOLD_HU",
    "DISCLAIMER",
    "CementMeasurement",
    "CtVolume",
    "Leak",
    "ReadLimits",
    "SeriesRefused",
    "measure_cement",
    "read_series",
]
