"""A realistic synthetic cohort of the study, as a tidy dataset (pure numpy/pandas, no Django)."""

from .cohort import generate
from .summary import format_summary, summary

__all__ = ["format_summary", "generate", "summary"]
