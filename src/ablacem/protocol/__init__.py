"""The study as data: schedule, visit windows, code lists and item ranges. Pure Python."""

from . import codelists, ranges, study
from .timepoints import (
    FOLLOW_UP_CODES,
    FOLLOW_UP_DAYS,
    IMAGING_TIMEPOINT_CODES,
    TIMEPOINT_CODES,
    TIMEPOINTS,
    Timepoint,
    get_timepoint,
)
from .windows import VisitState, in_window, study_day, target_date, visit_state, window

__all__ = [
    "FOLLOW_UP_CODES",
    "FOLLOW_UP_DAYS",
    "IMAGING_TIMEPOINT_CODES",
    "TIMEPOINTS",
    "TIMEPOINT_CODES",
    "Timepoint",
    "VisitState",
    "codelists",
    "get_timepoint",
    "in_window",
    "ranges",
    "study",
    "study_day",
    "target_date",
    "visit_state",
    "window",
]
