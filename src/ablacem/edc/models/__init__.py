"""EDC models, one module per entity. Field names match the tidy dataset's columns."""

from .adverse_event import AdverseEvent
from .assessment import Analgesic, Assessment
from .audit_chain import AuditChainLink
from .audit_event import AuditEvent, AuditEventKind
from .base import ClinicalRecord, FormState
from .ct_measurement import CtMeasurement, CtStatus
from .identity import PatientIdentity
from .imaging import Imaging
from .lesion import Lesion
from .patient import Patient
from .problem import OpenProblem, StaleProblems
from .procedure import Procedure, ProcedureLesion
from .query import MessageKind, Query, QueryMessage, QueryState
from .report_build import ReportBuild, ReportBuildStatus
from .signature import SIGNATURE_STATEMENT, CasebookSignature
from .site import Site, SiteAccess
from .study_lock import LockState, StudyLock
from .verification import SourceVerification
from .visit_schedule import ScheduledVisit

#: Every clinical model, in dependency order (audit trail, locking, soft delete).
CLINICAL_MODELS = (
    Patient,
    PatientIdentity,
    Lesion,
    Procedure,
    ProcedureLesion,
    Assessment,
    Analgesic,
    Imaging,
    AdverseEvent,
)

__all__ = [
    "CLINICAL_MODELS",
    "SIGNATURE_STATEMENT",
    "AdverseEvent",
    "Analgesic",
    "Assessment",
    "AuditChainLink",
    "AuditEvent",
    "AuditEventKind",
    "CasebookSignature",
    "ClinicalRecord",
    "CtMeasurement",
    "CtStatus",
    "FormState",
    "Imaging",
    "Lesion",
    "LockState",
    "MessageKind",
    "OpenProblem",
    "Patient",
    "PatientIdentity",
    "Procedure",
    "ProcedureLesion",
    "Query",
    "QueryMessage",
    "QueryState",
    "ReportBuild",
    "ReportBuildStatus",
    "ScheduledVisit",
    "Site",
    "SiteAccess",
    "SourceVerification",
    "StaleProblems",
    "StudyLock",
]
