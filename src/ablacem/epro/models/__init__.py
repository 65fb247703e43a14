"""Models of the ePRO app: the patient's link to a visit's questionnaire and its saved draft."""

# The send log of invitations and reminders lives with the messaging code (ablacem.epro.messaging).
from ablacem.epro.messaging.models import MessageLog

from .draft import LinkDraft
from .link import LinkChannel, PatientLink

__all__ = ["LinkChannel", "LinkDraft", "MessageLog", "PatientLink"]
