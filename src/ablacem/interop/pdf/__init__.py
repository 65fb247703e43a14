"""Printed documents (reportlab, which installs from PyPI alone): the patient casebook and the blank annotated CRF.

Both are built from plain data (the casebook from :class:`~ablacem.interop.pdf.casebook.Casebook`,
which the EDC's selector fills; the CRF from :mod:`ablacem.dataset.schema`), never from ORM
objects.
"""

from .casebook import Casebook, CasebookForm, CasebookSignature, casebook_pdf
from .crf import blank_crf_pdf

__all__ = ["Casebook", "CasebookForm", "CasebookSignature", "blank_crf_pdf", "casebook_pdf"]
