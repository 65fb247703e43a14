"""Linear mixed model for repeated measures over the timepoints."""

from __future__ import annotations

import warnings as _warnings

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy.stats import norm


def timepoint_mixed_model(
    frame: pd.DataFrame,
    value: str,
    *,
    subject: str = "patient_id",
    timepoint: str = "timepoint",
    reference: str = "baseline",
    levels: list[str] | None = None,
    alpha: float = 0.05,
) -> dict:
    """Fit ``value ~ timepoint`` with a random intercept per subject (REML).

    The timepoint is categorical with ``reference`` as the reference level, so each fixed effect
    is the model-based mean change from the reference; every available observation is used,
    which under missing-at-random gives the "while alive" estimand (the mean change among
    patients alive and assessed). Laird NM, Ware JH. Biometrics 1982;38:963-974; fitted with
    ``statsmodels`` ``MixedLM`` (REML, Wald confidence intervals and p-values on the normal
    distribution).

    Parameters
    ----------
    frame : DataFrame
        Long data, one row per subject and timepoint.
    value : str
        Outcome column; rows where it is missing are left out.
    subject, timepoint : str
        Grouping and time columns.
    reference : str
        Reference level of ``timepoint``.
    levels : list of str, optional
        Timepoint levels in order (default: order of appearance).
    alpha : float
        1 - confidence level.

    Returns
    -------
    dict
        ``{"estimates": {level: {"estimate", "se", "ci95": [lo, hi], "p"}}, "n_subjects",
        "n_observations", "converged", "note"}``. When the model cannot be fitted (too few
        subjects, a level with no data) the estimates are missing and ``note`` says why.
    """
    data = frame[[subject, timepoint, value]].dropna()
    data = data.assign(**{value: data[value].astype("float64")})
    levels = list(levels) if levels is not None else list(pd.unique(frame[timepoint]))
    others = [lvl for lvl in levels if lvl != reference]
    empty = {lvl: {"estimate": None, "se": None, "ci95": [None, None], "p": None} for lvl in others}
    result = {
        "estimates": empty,
        "n_subjects": int(data[subject].nunique()),
        "n_observations": len(data),
        "converged": False,
        "note": "",
    }
    present = [lvl for lvl in levels if (data[timepoint] == lvl).any()]
    if reference not in present or result["n_subjects"] < 2 or len(present) < 2:
        result["note"] = "not fitted: fewer than two patients or no data at baseline or follow-up"
        return result
    data = data[data[timepoint].isin(present)].copy()
    data["_tp"] = pd.Categorical(data[timepoint], categories=present)
    data["_y"] = data[value]
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")
            model = smf.mixedlm(f"_y ~ C(_tp, Treatment(reference={reference!r}))", data, groups=data[subject])
            fit = model.fit(reml=True, method=["lbfgs", "powell"])
    except (np.linalg.LinAlgError, ValueError) as exc:
        result["note"] = f"not fitted: {exc}"
        return result
    z = norm.ppf(1 - alpha / 2)
    for lvl in present:
        if lvl == reference:
            continue
        name = f"C(_tp, Treatment(reference={reference!r}))[T.{lvl}]"
        est, se = float(fit.fe_params[name]), float(fit.bse_fe[name])
        p = float(2 * norm.sf(abs(est / se))) if se > 0 else float("nan")
        result["estimates"][lvl] = {"estimate": est, "se": se, "ci95": [est - z * se, est + z * se], "p": p}
    result["converged"] = bool(fit.converged)
    result["random_intercept_var"] = float(fit.cov_re.iloc[0, 0])
    result["residual_var"] = float(fit.scale)
    missing = [lvl for lvl in others if lvl not in present]
    if missing:
        result["note"] = f"no data at {', '.join(missing)}"
    return result
