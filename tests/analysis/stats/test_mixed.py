"""Random-intercept mixed model on a balanced textbook-style example, checked against a hand ANOVA."""

import math

import numpy as np
import pandas as pd
import pytest

from ablacem.analysis.stats.mixed import timepoint_mixed_model

Y = np.array(
    [
        [10.0, 7.0, 5.0],
        [12.0, 10.0, 6.0],
        [8.0, 6.0, 5.0],
        [14.0, 10.0, 9.0],
        [9.0, 8.0, 4.0],
    ]
)
LEVELS = ["baseline", "m1", "m3"]


def _long(y: np.ndarray) -> pd.DataFrame:
    rows = [
        {"patient_id": f"P{i}", "timepoint": LEVELS[j], "vas": y[i, j]}
        for i in range(y.shape[0])
        for j in range(y.shape[1])
    ]
    return pd.DataFrame(rows)


def _two_way_anova_mse(y: np.ndarray) -> float:
    """Residual mean square of the subject x time two-way ANOVA without replication."""
    n, k = y.shape
    resid = y - y.mean(axis=1, keepdims=True) - y.mean(axis=0, keepdims=True) + y.mean()
    return float((resid**2).sum() / ((n - 1) * (k - 1)))


def test_fixed_effects_are_mean_paired_differences_and_se_comes_from_the_anova():
    n = Y.shape[0]
    mse = _two_way_anova_mse(Y)
    # the subject variance component must be positive for REML to equal the ANOVA
    ms_subject = Y.shape[1] * Y.mean(axis=1).var(ddof=1)
    assert ms_subject > mse
    out = timepoint_mixed_model(_long(Y), "vas", levels=LEVELS)
    se = math.sqrt(2 * mse / n)
    for j, tp in enumerate(LEVELS[1:], start=1):
        est = out["estimates"][tp]
        diff = float((Y[:, j] - Y[:, 0]).mean())
        assert est["estimate"] == pytest.approx(diff, abs=1e-4)
        assert est["se"] == pytest.approx(se, rel=1e-3)
        assert est["ci95"][0] == pytest.approx(diff - 1.959964 * se, abs=1e-3)
        assert est["ci95"][1] == pytest.approx(diff + 1.959964 * se, abs=1e-3)
        assert est["p"] == pytest.approx(math.erfc(abs(diff / se) / math.sqrt(2)), rel=1e-2)
    assert out["residual_var"] == pytest.approx(mse, rel=1e-3)
    assert out["random_intercept_var"] == pytest.approx((ms_subject - mse) / Y.shape[1], rel=1e-2)
    assert out["n_subjects"] == 5 and out["n_observations"] == 15


def test_missing_observations_are_used_not_dropped_patients():
    frame = _long(Y)
    frame.loc[(frame["patient_id"] == "P0") & (frame["timepoint"] == "m3"), "vas"] = np.nan
    out = timepoint_mixed_model(frame, "vas", levels=LEVELS)
    assert out["n_subjects"] == 5 and out["n_observations"] == 14
    assert out["estimates"]["m3"]["estimate"] is not None


def test_too_little_data_is_reported_not_raised():
    frame = _long(Y[:1])
    out = timepoint_mixed_model(frame, "vas", levels=LEVELS)
    assert out["estimates"]["m1"]["estimate"] is None
    assert "not fitted" in out["note"]


def test_follow_up_without_data_is_named():
    frame = _long(Y)
    frame.loc[frame["timepoint"] == "m3", "vas"] = np.nan
    out = timepoint_mixed_model(frame, "vas", levels=LEVELS)
    assert out["estimates"]["m3"]["estimate"] is None
    assert out["estimates"]["m1"]["estimate"] == pytest.approx(float((Y[:, 1] - Y[:, 0]).mean()), abs=1e-4)
    assert "m3" in out["note"]


def test_vectorised_reml_reproduces_the_hand_anova(monkeypatch):
    import ablacem.analysis.stats.mixed as mixed

    monkeypatch.setattr(mixed, "STATSMODELS_MAX_SUBJECTS", 0)
    out = timepoint_mixed_model(_long(Y), "vas", levels=LEVELS)
    assert out["engine"].startswith("vectorised")
    mse = _two_way_anova_mse(Y)
    for j, tp in enumerate(LEVELS[1:], start=1):
        assert out["estimates"][tp]["estimate"] == pytest.approx(float((Y[:, j] - Y[:, 0]).mean()), abs=1e-8)
        assert out["estimates"][tp]["se"] == pytest.approx(math.sqrt(2 * mse / 5), rel=1e-6)
    assert out["residual_var"] == pytest.approx(mse, rel=1e-6)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vectorised_reml_agrees_with_statsmodels_on_unbalanced_data(monkeypatch, seed):
    import ablacem.analysis.stats.mixed as mixed

    rng = np.random.default_rng(seed)
    n = 60
    levels = ["baseline", "post", "w1", "m1", "m3"]
    rows = []
    for i in range(n):
        b = rng.normal(0, 1.5)
        for j, tp in enumerate(levels):
            if j and rng.random() < 0.2:
                continue  # missing visit
            rows.append({"patient_id": f"P{i}", "timepoint": tp, "vas": 7 - j + b + rng.normal(0, 1.0)})
    frame = pd.DataFrame(rows)
    by_statsmodels = timepoint_mixed_model(frame, "vas", levels=levels)
    monkeypatch.setattr(mixed, "STATSMODELS_MAX_SUBJECTS", 0)
    by_vectorised = timepoint_mixed_model(frame, "vas", levels=levels)
    assert by_statsmodels["engine"].startswith("statsmodels")
    for tp in levels[1:]:
        a, b = by_statsmodels["estimates"][tp], by_vectorised["estimates"][tp]
        assert b["estimate"] == pytest.approx(a["estimate"], abs=1e-5)
        # statsmodels takes the SE from the observed information of the joint likelihood, the
        # vectorised fit from sigma2 (X' V^-1 X)^-1 as nlme and lme4 do: equal to about 1e-4
        assert b["se"] == pytest.approx(a["se"], rel=2e-3)
    assert by_vectorised["random_intercept_var"] == pytest.approx(by_statsmodels["random_intercept_var"], rel=1e-3)
    assert by_vectorised["residual_var"] == pytest.approx(by_statsmodels["residual_var"], rel=1e-4)


def test_vectorised_reml_at_the_boundary_gives_ordinary_least_squares(monkeypatch):
    import ablacem.analysis.stats.mixed as mixed

    # within-patient values vary more than the between-patient means: tau2 estimate 0, so the
    # estimates are the OLS ones: mean differences with SE sqrt(s2 (1/n0 + 1/n1)), s2 the pooled variance
    frame = pd.DataFrame(
        {
            "patient_id": ["A", "A", "B", "B", "C", "C"],
            "timepoint": ["baseline", "m1"] * 3,
            "vas": [1.0, 9.0, 9.0, 1.0, 5.0, 6.0],
        }
    )
    monkeypatch.setattr(mixed, "STATSMODELS_MAX_SUBJECTS", 0)
    out = timepoint_mixed_model(frame, "vas", levels=["baseline", "m1"])
    assert out["random_intercept_var"] == pytest.approx(0.0, abs=1e-8)
    base, m1 = np.array([1.0, 9.0, 5.0]), np.array([9.0, 1.0, 6.0])
    s2 = (((base - base.mean()) ** 2).sum() + ((m1 - m1.mean()) ** 2).sum()) / 4
    assert out["estimates"]["m1"]["estimate"] == pytest.approx(m1.mean() - base.mean())
    assert out["estimates"]["m1"]["se"] == pytest.approx(math.sqrt(s2 * (1 / 3 + 1 / 3)))


# nlme's ergoStool (Pinheiro JC, Bates DM. Mixed-Effects Models in S and S-PLUS. Springer 2000,
# section 1.2; data from Devore 1995, exercise 11.9): effort of 9 subjects on 4 stool types.
ERGO_STOOL = [
    [12, 15, 12, 10],
    [10, 14, 13, 12],
    [7, 14, 13, 9],
    [7, 11, 10, 9],
    [8, 11, 8, 7],
    [9, 11, 11, 10],
    [8, 12, 12, 11],
    [7, 11, 8, 7],
    [9, 13, 10, 8],
]


@pytest.mark.parametrize("vectorised", [False, True])
def test_published_reml_fit_of_ergo_stool(monkeypatch, vectorised):
    # Published REML fit, lme(effort ~ Type, random = ~1 | Subject) with treatment contrasts:
    # TypeT2 3.888889, TypeT3 2.222222, TypeT4 0.666667, each SE 0.5186838;
    # StdDev(Intercept) 1.332465, Residual 1.100295.
    import ablacem.analysis.stats.mixed as mixed

    if vectorised:
        monkeypatch.setattr(mixed, "STATSMODELS_MAX_SUBJECTS", 0)
    types = ["T1", "T2", "T3", "T4"]
    frame = pd.DataFrame(
        [
            {"patient_id": f"S{i + 1}", "timepoint": t, "effort": float(v)}
            for i, row in enumerate(ERGO_STOOL)
            for t, v in zip(types, row, strict=True)
        ]
    )
    out = timepoint_mixed_model(frame, "effort", reference="T1", levels=types)
    published = {"T2": 3.888889, "T3": 2.222222, "T4": 0.666667}
    for level, value in published.items():
        est = out["estimates"][level]
        assert est["estimate"] == pytest.approx(value, abs=1e-5)
        assert est["se"] == pytest.approx(0.5186838, abs=1e-5)
    assert math.sqrt(out["random_intercept_var"]) == pytest.approx(1.332465, abs=1e-4)
    assert math.sqrt(out["residual_var"]) == pytest.approx(1.100295, abs=1e-5)


def test_a_fit_that_did_not_converge_says_so(monkeypatch):
    import ablacem.analysis.stats.mixed as mixed

    def not_converged(data, value, subject, timepoint, present, reference):
        effects = {lvl: (-1.0, 0.5) for lvl in present if lvl != reference}
        return effects, False, 1.0, 1.0, "engine replaced by the test"

    monkeypatch.setattr(mixed, "_fit_statsmodels", not_converged)
    out = timepoint_mixed_model(_long(Y), "vas", levels=LEVELS)
    assert out["converged"] is False
    assert "did not report convergence" in out["note"]
    # estimate -1 with SE 0.5: z = -2, two-sided p = erfc(2 / sqrt 2)
    assert out["estimates"]["m1"]["p"] == pytest.approx(math.erfc(2 / math.sqrt(2)))
