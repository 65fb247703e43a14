"""Write services: ``<entity>_<action>(*, ..., actor)``, keyword-only and atomic.

Each checks that the actor (:class:`ablacem.edc.actors.Actor`) may act on the record
(:func:`ablacem.edc.roles.can`), runs the edit checks
(:mod:`ablacem.edc.checks`) and raises ``ValidationError`` with a per-field dict, enforces
optimistic locking (``expected_version`` -> :class:`StaleEditError`), refuses locked
(signed) forms (:class:`RecordLockedError`), and saves with the history actor (user, kind, name) and reason.
"""

from .adverse_event import adverse_event_acknowledge, adverse_event_record
from .assessment import assessment_mark_not_done, assessment_record
from .audit_chain import audit_chain_append
from .audit_events import audit_event_record
from .casebook import casebook_sign, casebook_unlock
from .ct_measurement import (
    ct_measurement_accept,
    ct_measurement_edit,
    ct_measurement_reject,
    ct_measurement_run,
    ct_measurement_upload,
)
from .dataset_import import DatasetImportError, dataset_import
from .deletion import record_soft_delete
from .errors import RecordLockedError, StaleEditError
from .imaging import imaging_record
from .lesion import lesion_create, lesion_update
from .patient import end_of_study_record, next_study_id, patient_enrol, patient_identity_update, patient_update
from .procedure import procedure_record
from .query import (
    queries_close_resolved,
    query_answer,
    query_close,
    query_from_problem,
    query_open,
    query_reopen,
)
from .sites import site_create
from .study_lock import (
    study_lock_confirm,
    study_lock_record_final_export,
    study_lock_request,
    study_lock_withdraw,
    study_unlock,
)
from .users import user_create, user_set_active, user_set_role, user_set_sites, user_unlock_login
from .verification import source_verify

__all__ = [
    "DatasetImportError",
    "RecordLockedError",
    "StaleEditError",
    "adverse_event_acknowledge",
    "adverse_event_record",
    "assessment_mark_not_done",
    "assessment_record",
    "audit_chain_append",
    "audit_event_record",
    "casebook_sign",
    "casebook_unlock",
    "ct_measurement_accept",
    "ct_measurement_edit",
    "ct_measurement_reject",
    "ct_measurement_run",
    "ct_measurement_upload",
    "dataset_import",
    "end_of_study_record",
    "imaging_record",
    "lesion_create",
    "lesion_update",
    "next_study_id",
    "patient_enrol",
    "patient_identity_update",
    "patient_update",
    "procedure_record",
    "queries_close_resolved",
    "query_answer",
    "query_close",
    "query_from_problem",
    "query_open",
    "query_reopen",
    "record_soft_delete",
    "site_create",
    "source_verify",
    "study_lock_confirm",
    "study_lock_record_final_export",
    "study_lock_request",
    "study_lock_withdraw",
    "study_unlock",
    "user_create",
    "user_set_active",
    "user_set_role",
    "user_set_sites",
    "user_unlock_login",
]
