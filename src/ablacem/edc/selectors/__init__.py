"""Read selectors: plain data for views, downloads and the analysis (they never write)."""

from .audit import AuditRow, audit_trail_csv, patient_audit_trail
from .casebook import OpenCasebook, active_signature, casebook_open_items, follow_up_is_over
from .dashboard import dashboard_counts, follow_up_completeness
from .deidentified import deidentified_tidy_dataset, patient_date_shifts, pseudonym_key
from .problems import open_problems
from .tidy import export_problems, tidy_dataset
from .timeline import VisitRow, patient_timeline
from .users import users_list
from .wording import qlqc30_wording
from .worklist import BUCKETS, WorklistRow, worklist

__all__ = [
    "BUCKETS",
    "AuditRow",
    "OpenCasebook",
    "VisitRow",
    "WorklistRow",
    "active_signature",
    "audit_trail_csv",
    "casebook_open_items",
    "dashboard_counts",
    "deidentified_tidy_dataset",
    "export_problems",
    "follow_up_completeness",
    "follow_up_is_over",
    "open_problems",
    "patient_audit_trail",
    "patient_date_shifts",
    "patient_timeline",
    "pseudonym_key",
    "qlqc30_wording",
    "tidy_dataset",
    "users_list",
    "worklist",
]
