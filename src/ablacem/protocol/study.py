"""Study-level facts."""

from __future__ import annotations

STUDY_OID = "ABLACEM"
STUDY_TITLE = (
    "Percutaneous ablation (bipolar RFA or cryoablation) followed by cementoplasty for painful "
    "bone lesions: a prospective single-centre cohort"
)
STUDY_SHORT_TITLE = "ablacem cohort"
#: Enrolment target over two years.
TARGET_ENROLMENT = 40
#: Prefix of system-assigned study IDs (``ABL-001``).
PATIENT_ID_PREFIX = "ABL"
#: Operational edit check, not a protocol window: an active patient still without a procedure
#: this many days after enrolment is listed as an open problem (before that, simply waiting).
PROCEDURE_EXPECTED_WITHIN_DAYS = 30
