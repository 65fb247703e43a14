"""``StudyAnalysis``: the whole statistical analysis plan, fitted to a tidy dataset."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.dataset import Dataset

from .derive import DEFAULT_SUBGROUP_MIN_N, Derived, derive
from .methods import methods_text, sample_size_text, software_versions
from .model import ReportTable
from .results import to_json_compatible
from .tables import analgesics, baseline, missing, outcomes, pain, populations, procedure, qol, safety, subgroups
from .tables._common import Options

#: Section modules in report order (missing data comes last, before the appendix).
SECTIONS = (populations, baseline, procedure, safety, pain, analgesics, qol, outcomes, subgroups, missing)


class StudyAnalysis:
    """The study's statistical analysis plan (docs/statistical-analysis-plan.md).

    Options go in the constructor, :meth:`fit` returns ``self`` (lifelines / tableone style).

    Parameters
    ----------
    subgroup_min_n : int
        Primary tumours with fewer patients are pooled as "other" in the subgroup analyses.
    alpha : float
        Two-sided significance level and 1 - confidence level of model-based intervals.
    power_n, power_delta, power_sd : float
        Sample-size paragraph: pairs, VAS change to detect, SD of the change.
    horizon_days : float
        Day at which survival and cumulative incidence are reported.

    Attributes
    ----------
    derived : Derived
        Analysis frames and data-quality warnings.
    results : dict
        Every number of the report (the results.json schema), JSON-compatible.
    tables : list of ReportTable
        The report's tables, in report order.
    summary : DataFrame
        Headline outcomes (outcome, estimate, 95% CI, n).
    methods : str
        Methods text with the software versions.
    sample_size : str
        The power paragraph (computed).
    """

    def __init__(
        self,
        subgroup_min_n: int = DEFAULT_SUBGROUP_MIN_N,
        alpha: float = 0.05,
        *,
        power_n: int = 40,
        power_delta: float = 2.0,
        power_sd: float = 3.0,
        horizon_days: float = 90.0,
    ):
        if subgroup_min_n < 1:
            raise ValueError("subgroup_min_n must be at least 1")
        if not 0 < alpha < 1:
            raise ValueError("alpha must lie between 0 and 1")
        self.options = Options(
            alpha=alpha,
            subgroup_min_n=subgroup_min_n,
            power_n=power_n,
            power_delta=power_delta,
            power_sd=power_sd,
            horizon_days=horizon_days,
        )

    def fit(self, dataset: Dataset) -> StudyAnalysis:
        """Derive the analysis frames and compute every section of the plan.

        Parameters
        ----------
        dataset : Dataset
            A schema-valid tidy dataset. Inconsistent or partial data give warnings
            (``results["warnings"]``), never an exception.

        Returns
        -------
        StudyAnalysis
            ``self``.
        """
        self.derived: Derived = derive(dataset, subgroup_min_n=self.options.subgroup_min_n)
        results: dict = {}
        tables: list[ReportTable] = []
        for section in SECTIONS:
            part = section.build(self.derived, self.options)
            results.update(part.results)
            tables.extend(part.tables)
        self.sample_size, power = sample_size_text(self.options)
        self.methods = methods_text(self.options)
        results["power"] = power
        results["software"] = software_versions()
        results["options"] = {
            "alpha": self.options.alpha,
            "subgroup_min_n": self.options.subgroup_min_n,
            "horizon_days": self.options.horizon_days,
        }
        results["warnings"] = list(self.derived.warnings)
        self.results = to_json_compatible(results)
        self.tables = tables
        self.summary = _summary(self.results)
        return self


def _fmt(value, scale: str) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "NA"
    if scale == "proportion":
        return f"{100 * value:.1f}%"
    if scale == "points":
        return f"{value:.1f}"
    return f"{value:g}"


def _ci(ci, scale: str) -> str:
    lo, hi = ci
    return "" if lo is None else f"{_fmt(lo, scale)} to {_fmt(hi, scale)}"


def _summary(r: dict) -> pd.DataFrame:
    """Headline outcomes: estimate and CI limits as numbers, ``scale`` says how to read them
    (``proportion`` 0-1, ``points`` on the VAS, ``count``), ``ci95`` and ``display`` as text."""
    ts, comp = r["technical_success"]["lesion"], r["complications"]
    rows = [
        ("Patients treated (n = enrolled)", r["n"]["treated"], [None, None], r["n"]["enrolled"], "count"),
        ("Technical success per lesion", ts["rate"], ts["ci95"], ts["n"], "proportion"),
        ("Any complication (patients)", comp["any"]["rate"], comp["any"]["ci95"], comp["any"]["n"], "proportion"),
        (
            "Major complication, CIRSE 3+ (patients)",
            comp["major"]["rate"],
            comp["major"]["ci95"],
            comp["major"]["n"],
            "proportion",
        ),
    ]
    for tp, name in (("m1", "1 month"), ("m3", "3 months")):
        e = r["vas_mixed_model"].get(tp, {})
        ci = e.get("ci95", [None, None])
        rows.append((f"VAS change at {name} (mixed model)", e.get("estimate"), ci, r["vas"][tp]["n"], "points"))
        pr = r["pain_response"][tp]
        rows.append((f"Pain response at {name}", pr["response_rate"], pr["ci95"], pr["evaluable"], "proportion"))
    lc = r["local_control_m3"]
    rows.append(("Local tumour control at 3 months (lesions)", lc["rate"], lc["ci95"], lc["n"], "proportion"))
    os_ = r["overall_survival"]
    rows.append(("Overall survival at 90 days", os_.get("at_90_days"), os_["ci95_at_horizon"], os_["n"], "proportion"))
    return pd.DataFrame(
        [
            {
                "outcome": outcome,
                "estimate": estimate,
                "ci_low": ci[0],
                "ci_high": ci[1],
                "n": n,
                "scale": scale,
                "display": _fmt(estimate, scale),
                "ci95": _ci(ci, scale),
            }
            for outcome, estimate, ci, n, scale in rows
        ]
    )
