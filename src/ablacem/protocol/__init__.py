"""The study as data: schedule, visit windows, code lists and item ranges. Pure Python."""

from . import codelists, end_of_study, ranges, study
from .timepoints import (
    FOLLOW_UP_CODES,
    FOLLOW_UP_DAYS,
    IMAGING_TIMEPOINT_CODES,
    TIMEPOINT_CODES,
    TIMEPOINTS,
    Timepoint,
    get_timepoint,
)
from .windows import (
    NOT_YET_MISSED,
    VisitState,
    in_window,
    missed_too_early,
    study_day,
    target_date,
    unrecorded_visit_status,
    visit_state,
    window,
)

__all__ = [
    "FOLLOW_UP_CODES",
    "FOLLOW_UP_DAYS",
    "IMAGING_TIMEPOINT_CODES",
    "NOT_YET_MISSED",
    "TIMEPOINTS",
    "TIMEPOINT_CODES",
    "Timepoint",
    "VisitState",
    "codelists",
    "end_of_study",
    "get_timepoint",
    "in_window",
    "missed_too_early",
    "ranges",
    "study",
    "study_day",
    "target_date",
    "unrecorded_visit_status",
    "visit_state",
    "window",
]
