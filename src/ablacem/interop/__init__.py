"""Interoperability: REDCap in and out, SPSS/Stata/CSV/ODM/FHIR R4 exports, de-identification.

Pure pandas (no Django): the EDC's export page and the ``ablacem`` commands call these.
"""

from . import deidentify, odm, redcap
from .export import EXPORT_FORMATS, export_dataset
from .shapes import SHAPES
from .tableset import TableSet

__all__ = ["EXPORT_FORMATS", "SHAPES", "TableSet", "deidentify", "export_dataset", "odm", "redcap"]
