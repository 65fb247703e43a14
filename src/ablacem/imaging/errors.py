"""The one error a series that cannot be measured raises."""

from __future__ import annotations


class SeriesRefused(ValueError):
    """The files given cannot be measured as one CT series; the message says why.

    Messages never quote header values that identify the patient (names, IDs, dates) nor file
    names (which often hold them): they name the rule and, at most, the file's position.

    Attributes
    ----------
    rule : str
        A short key for the rule that refused (``not_dicom``, ``not_ct``, ``mixed_series``,
        ``missing_slice``, ``not_axial``, ``gantry_tilt``, ``too_large``, ``empty``, ``pixels``,
        ``geometry``, ``seed``).
    """

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule
