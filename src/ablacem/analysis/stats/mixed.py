"""Linear mixed model for repeated measures over the timepoints."""

from __future__ import annotations

import warnings as _warnings

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy.stats import norm

from .reml import reml_random_intercept

#: Optimisers tried in turn (statsmodels MixedLM.fit ``method``).
OPTIMISERS = ("lbfgs", "bfgs", "powell", "nm")
#: Above this many patients the REML fit is computed by :func:`reml_random_intercept` (the same
#: estimator, vectorised) because statsmodels' per-patient loop takes minutes at 10,000 patients.
STATSMODELS_MAX_SUBJECTS = 2000


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
    distribution); above ``STATSMODELS_MAX_SUBJECTS`` patients with the same REML estimator,
    vectorised (:func:`ablacem.analysis.stats.reml.reml_random_intercept`). ``engine`` in the
    result says which.

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
    fitter = _fit_statsmodels if result["n_subjects"] <= STATSMODELS_MAX_SUBJECTS else _fit_vectorised
    fitted = fitter(data, value, subject, timepoint, present, reference)
    if isinstance(fitted, str):
        result["note"] = f"not fitted: {fitted}"
        return result
    effects, converged, tau2, sigma2, engine = fitted
    z = norm.ppf(1 - alpha / 2)
    for lvl, (est, se) in effects.items():
        p = float(2 * norm.sf(abs(est / se))) if se > 0 else float("nan")
        result["estimates"][lvl] = {"estimate": est, "se": se, "ci95": [est - z * se, est + z * se], "p": p}
    result.update(converged=converged, random_intercept_var=tau2, residual_var=sigma2, engine=engine)
    notes = []
    missing = [lvl for lvl in others if lvl not in present]
    if missing:
        notes.append(f"no data at {', '.join(missing)}")
    if not converged:
        notes.append("the REML optimiser did not report convergence: interpret the estimates with care")
    result["note"] = "; ".join(notes)
    return result


def _fit_statsmodels(data, value, subject, timepoint, present, reference):
    data = data.assign(_tp=pd.Categorical(data[timepoint], categories=present), _y=data[value])
    term = f"C(_tp, Treatment(reference={reference!r}))"
    model = smf.mixedlm(f"_y ~ {term}", data, groups=data[subject])
    fit, errors = None, []
    # statsmodels does not fall back to the next optimiser when one raises, so try them in turn
    for method in OPTIMISERS:
        try:
            with _warnings.catch_warnings():
                _warnings.simplefilter("ignore")
                candidate = model.fit(reml=True, method=method)
        except (np.linalg.LinAlgError, ValueError) as exc:
            errors.append(f"{method}: {exc}")
            continue
        if fit is None or candidate.converged:
            fit = candidate
        if candidate.converged:
            break
    if fit is None:
        return "; ".join(errors)
    effects = {
        lvl: (float(fit.fe_params[f"{term}[T.{lvl}]"]), float(fit.bse_fe[f"{term}[T.{lvl}]"]))
        for lvl in present
        if lvl != reference
    }
    engine = f"statsmodels MixedLM (REML, {fit.method})"
    return effects, bool(fit.converged), float(fit.cov_re.iloc[0, 0]), float(fit.scale), engine


def _fit_vectorised(data, value, subject, timepoint, present, reference):
    others = [lvl for lvl in present if lvl != reference]
    x = np.column_stack([np.ones(len(data))] + [(data[timepoint] == lvl).to_numpy(float) for lvl in others])
    try:
        fit = reml_random_intercept(data[value].to_numpy(float), x, data[subject].to_numpy())
    except np.linalg.LinAlgError as exc:
        return str(exc)
    se = np.sqrt(np.diag(fit.cov_beta))
    effects = {lvl: (float(fit.beta[k + 1]), float(se[k + 1])) for k, lvl in enumerate(others)}
    engine = "vectorised REML profile likelihood (same estimator as statsmodels MixedLM)"
    return effects, fit.converged, fit.random_intercept_var, fit.residual_var, engine
