"""The analysis options: declared once, with their defaults read from the protocol."""

from __future__ import annotations

from dataclasses import dataclass

from ablacem.protocol import FOLLOW_UP_DAYS
from ablacem.protocol.study import TARGET_ENROLMENT

from .derive import DEFAULT_SUBGROUP_MIN_N


@dataclass(frozen=True)
class AnalysisOptions:
    """Options of the statistical analysis plan (docs/statistical-analysis-plan.md).

    Given to :class:`ablacem.analysis.study.StudyAnalysis` as keyword arguments; every section
    of the report reads them from here.

    Parameters
    ----------
    alpha : float
        Two-sided significance level and 1 - confidence level of model-based intervals and of
        the Kaplan-Meier bands (0 < alpha < 1).
    subgroup_min_n : int
        Primary tumours with fewer patients are pooled as "other" in the subgroup analyses
        (at least 1).
    power_n : int
        Sample-size paragraph: number of pairs (default: the protocol's enrolment target).
    power_delta : float
        Sample-size paragraph: VAS change to detect (SAP section "Power").
    power_sd : float
        Sample-size paragraph: standard deviation of the change.
    horizon_days : float
        Day at which survival and cumulative incidence are reported (default: the end of
        follow-up in the protocol's schedule).

    Raises
    ------
    ValueError
        If ``alpha`` is not strictly between 0 and 1 or ``subgroup_min_n`` is below 1.
    """

    alpha: float = 0.05
    subgroup_min_n: int = DEFAULT_SUBGROUP_MIN_N
    power_n: int = TARGET_ENROLMENT
    power_delta: float = 2.0
    power_sd: float = 3.0
    horizon_days: float = float(FOLLOW_UP_DAYS)

    def __post_init__(self) -> None:
        if self.subgroup_min_n < 1:
            raise ValueError(f"subgroup_min_n must be at least 1, got {self.subgroup_min_n}")
        if not 0 < self.alpha < 1:
            raise ValueError(f"alpha must lie between 0 and 1, got {self.alpha}")
