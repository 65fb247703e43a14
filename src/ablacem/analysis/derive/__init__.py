"""Analysis-ready frames derived from the tidy dataset (the first step of the analysis plan).

``derive(dataset)`` turns the seven tidy tables into four analysis frames (patients, visits,
lesions, adverse events) and a list of data-quality warnings. Nothing is dropped silently:
every exclusion an analysis later makes is visible in these frames (missing values, flags) and
every inconsistency found on the way is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ablacem.dataset import Dataset, consistency_problems

from .adverse_events import derive_adverse_events
from .lesions import derive_lesions
from .patients import derive_patients
from .visits import derive_visits

DEFAULT_SUBGROUP_MIN_N = 5


@dataclass
class Derived:
    """The analysis frames.

    Attributes
    ----------
    patients : DataFrame
        One row per enrolled patient (day 0, groups, survival times).
    visits : DataFrame
        One row per treated patient and timepoint (all five timepoints), with pain, OMED,
        WHO step, QLQ-C30 scores, pain response and change from baseline.
    lesions : DataFrame
        One row per lesion with its procedure and imaging results.
    adverse_events : DataFrame
        The adverse events with ``major`` (CIRSE 3+) and ``day`` (onset minus day 0).
    warnings : list of str
        Every data-quality problem found, in plain words.
    """

    patients: pd.DataFrame
    visits: pd.DataFrame
    lesions: pd.DataFrame
    adverse_events: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def derive(dataset: Dataset, *, subgroup_min_n: int = DEFAULT_SUBGROUP_MIN_N) -> Derived:
    """Derive the analysis frames from a tidy dataset.

    Parameters
    ----------
    dataset : Dataset
        A schema-valid tidy dataset (see :mod:`ablacem.dataset`).
    subgroup_min_n : int
        Primary tumours with fewer enrolled patients than this are pooled as ``other`` in
        ``patients.tumour_group`` (statistical analysis plan, section "Subgroups").

    Returns
    -------
    Derived
    """
    warnings = [str(p) for p in consistency_problems(dataset)]
    patients = derive_patients(dataset, subgroup_min_n=subgroup_min_n, warnings=warnings)
    visits = derive_visits(dataset, patients, warnings=warnings)
    lesions = derive_lesions(dataset, patients, warnings=warnings)
    adverse_events = derive_adverse_events(dataset, patients, warnings=warnings)
    return Derived(patients, visits, lesions, adverse_events, warnings)


__all__ = ["DEFAULT_SUBGROUP_MIN_N", "Derived", "derive"]
