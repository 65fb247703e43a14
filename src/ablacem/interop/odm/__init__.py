"""CDISC ODM 1.3.2 out (odmlib) and in, with validation against the official XSD."""

from .read import read_odm
from .schema import schema_errors, xsd_path
from .write import metadata_version, odm_document, write_odm

__all__ = ["metadata_version", "odm_document", "read_odm", "schema_errors", "write_odm", "xsd_path"]
