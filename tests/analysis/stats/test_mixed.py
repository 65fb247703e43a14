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
