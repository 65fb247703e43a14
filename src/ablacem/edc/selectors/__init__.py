"""Read selectors: plain data for views, downloads and the analysis (they never write)."""

from .audit import AuditRow, audit_trail_csv, patient_audit_trail
from .audit_chain import ChainReport, audit_chain_head, audit_chain_verify, chained_models
from .casebook import (
    OpenCasebook,
    SignatureManifestation,
    active_signature,
    casebook_open_items,
    casebook_signatures,
    follow_up_is_over,
)
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
    "ChainReport",
    "OpenCasebook",
    "SignatureManifestation",
    "VisitRow",
    "WorklistRow",
    "active_signature",
    "audit_chain_head",
    "audit_chain_verify",
    "audit_trail_csv",
    "casebook_open_items",
    "casebook_signatures",
    "chained_models",
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
