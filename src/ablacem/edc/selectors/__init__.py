"""Read selectors: plain data for views, downloads and the analysis (never write)."""

from .tidy import tidy_dataset

__all__ = ["tidy_dataset"]
