"""``StudyAnalysis``: the whole statistical analysis plan, fitted to a tidy dataset."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from ablacem.dataset import Dataset
from ablacem.protocol import get_timepoint
from ablacem.protocol.timepoints import MONTH_1, MONTH_3

from .derive import Derived, derive
from .methods import methods_text, sample_size_text, software_versions
from .model import ReportTable
from .options import AnalysisOptions
from .results import to_json_compatible
from .stats.survival import horizon_key
from .tables import (
    analgesics,
    baseline,
    ct_agreement,
    missing,
    outcomes,
    pain,
    populations,
    pro_completion,
    procedure,
    qol,
    safety,
    subgroups,
)

#: Section modules in report order (missing data comes last, before the appendix).
SECTIONS = (
    populations,
    baseline,
    procedure,
    ct_agreement,
    safety,
    pain,
    analgesics,
    qol,
    outcomes,
    subgroups,
    pro_completion,
    missing,
)
#: Timepoints whose pain change and response head the summary (SAP: 1 and 3 months).
HEADLINE_TIMEPOINTS = (MONTH_1, MONTH_3)


class StudyAnalysis:
    """The study's statistical analysis plan (docs/statistical-analysis-plan.md).

    Options go in the constructor, :meth:`fit` returns ``self`` and what it computes is kept
    in attributes with a trailing underscore (lifelines / scikit-learn style).

    Parameters
    ----------
    **options
        Fields of :class:`ablacem.analysis.options.AnalysisOptions` (``alpha``,
        ``subgroup_min_n``, ``power_n``, ``power_delta``, ``power_sd``, ``horizon_days``);
        those not given keep their defaults.

    Attributes
    ----------
    options : AnalysisOptions
        The options in force.
    derived_ : Derived
        Analysis frames and data-quality warnings.
    results_ : dict
        Every number of the report (the results.json schema), JSON-compatible.
    tables_ : list of ReportTable
        The report's tables, in report order.
    summary_ : DataFrame
        Headline outcomes (outcome, estimate, 95% CI, n).
    methods_ : str
        Methods text with the software versions.
    sample_size_ : str
        The power paragraph (computed).
    timings_ : dict
        Section name -> ``(wall, cpu)`` seconds its :meth:`fit_derived` step took (for the
        benchmark that shows which part is slow).

    Raises
    ------
    TypeError
        If an option is not a field of :class:`AnalysisOptions`.
    ValueError
        If an option is out of its range (see :class:`AnalysisOptions`).
    """

    def __init__(self, **options):
        self.options = AnalysisOptions(**options)

    def derive(self, dataset: Dataset) -> Derived:
        """The analysis frames of ``dataset`` under these options (the first step of :meth:`fit`).

        Parameters
        ----------
        dataset : Dataset
            A schema-valid tidy dataset.

        Returns
        -------
        Derived
        """
        return derive(dataset, subgroup_min_n=self.options.subgroup_min_n)

    def fit(self, dataset: Dataset) -> StudyAnalysis:
        """Derive the analysis frames and compute every section of the plan.

        Parameters
        ----------
        dataset : Dataset
            A schema-valid tidy dataset. Inconsistent or partial data give warnings
            (``results_["warnings"]``), never an exception.

        Returns
        -------
        StudyAnalysis
            ``self``.
        """
        return self.fit_derived(self.derive(dataset))

    def fit_derived(self, derived: Derived) -> StudyAnalysis:
        """Compute every section of the plan from frames :meth:`derive` already built.

        For a caller that needs the frames before the fit (the report draws figures from them
        while the models are fitted); ``fit(dataset)`` is ``fit_derived(derive(dataset))``.

        Parameters
        ----------
        derived : Derived
            The output of :meth:`derive` (same options).

        Returns
        -------
        StudyAnalysis
            ``self``.
        """
        self.derived_ = derived
        results: dict = {}
        tables: list[ReportTable] = []
        self.timings_: dict[str, tuple[float, float]] = {}
        for section in SECTIONS:
            wall, cpu = time.perf_counter(), time.process_time()
            part = section.build(self.derived_, self.options)
            results.update(part.results)
            tables.extend(part.tables)
            name = section.__name__.rsplit(".", 1)[-1]
            self.timings_[name] = (time.perf_counter() - wall, time.process_time() - cpu)
        self.sample_size_, power = sample_size_text(self.options)
        self.methods_ = methods_text(self.options)
        results["power"] = power
        results["software"] = software_versions()
        results["options"] = {
            "alpha": self.options.alpha,
            "subgroup_min_n": self.options.subgroup_min_n,
            "horizon_days": self.options.horizon_days,
        }
        results["warnings"] = list(self.derived_.warnings)
        self.results_ = to_json_compatible(results)
        self.tables_ = tables
        self.summary_ = _summary(self.results_, self.options.horizon_days)
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


def _summary(r: dict, horizon_days: float) -> pd.DataFrame:
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
    for tp in HEADLINE_TIMEPOINTS:
        name = get_timepoint(tp).label
        e = r["vas_mixed_model"].get(tp, {})
        ci = e.get("ci95", [None, None])
        rows.append((f"VAS change at {name} (mixed model)", e.get("estimate"), ci, r["vas"][tp]["n"], "points"))
        pr = r["pain_response"][tp]
        rows.append((f"Pain response at {name}", pr["response_rate"], pr["ci95"], pr["evaluable"], "proportion"))
    lc = r["local_control_m3"]
    rows.append(("Local tumour control at 3 months (lesions)", lc["rate"], lc["ci95"], lc["n"], "proportion"))
    os_ = r["overall_survival"]
    rows.append(
        (
            f"Overall survival at {horizon_days:g} days",
            os_.get(horizon_key(horizon_days)),
            os_["ci95_at_horizon"],
            os_["n"],
            "proportion",
        )
    )
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
