"""Models of the ePRO app: the patient's link to a visit's questionnaire and its saved draft."""

from .draft import LinkDraft
from .link import LinkChannel, PatientLink

__all__ = ["LinkChannel", "LinkDraft", "PatientLink"]
