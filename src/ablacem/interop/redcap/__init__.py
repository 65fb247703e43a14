"""REDCap in and out: data dictionary, events, designations, repeating instruments, records."""

from .dictionary import (
    DICTIONARY_COLUMNS,
    choices_text,
    data_dictionary,
    events,
    instrument_event_mapping,
    repeating_instruments,
)
from .importer import RedcapImportError, import_records
from .project import RECORD_ID, build_project, default_project, event_name
from .records import export_records

__all__ = [
    "DICTIONARY_COLUMNS",
    "RECORD_ID",
    "RedcapImportError",
    "build_project",
    "choices_text",
    "data_dictionary",
    "default_project",
    "event_name",
    "events",
    "export_records",
    "import_records",
    "instrument_event_mapping",
    "repeating_instruments",
]
