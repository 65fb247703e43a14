"""Mixed-model display table: the back-transformed ratio for an outcome on the log scale."""

import math

from ablacem.analysis.tables.pain import mixed_model_table


def _model(estimate, lo, hi):
    return {
        "estimates": {"m1": {"estimate": estimate, "se": 0.1, "ci95": [lo, hi], "p": 0.04}},
        "n_observations": 10,
        "n_subjects": 5,
        "note": "",
    }


def test_log_scale_model_shows_the_ratio_on_the_original_scale():
    # log(1 + OMED) lower by log 2 at 1 month: (1 + OMED) halved, CI a quarter to unchanged
    res, t = mixed_model_table(
        _model(math.log(0.5), math.log(0.25), 0.0), "m", "Model", "log(1 + OMED)", "Analgesics", ratio="Ratio (95% CI)"
    )
    row = t.frame.set_index("Timepoint").loc["1 month"]
    assert row["Ratio (95% CI)"] == "0.50 (0.25 to 1.00)"
    assert row["Estimated change from baseline"] == "-0.69"
    assert list(t.frame.columns)[-1] == "p"
    assert "geometric-mean ratio" in t.note
    assert res["m1"]["estimate"] == math.log(0.5)


def test_models_on_the_original_scale_have_no_ratio_column():
    _, t = mixed_model_table(_model(-4.9, -5.7, -4.1), "m", "Model", "VAS", "Pain")
    assert list(t.frame.columns) == ["Timepoint", "Estimated change from baseline", "95% CI", "p"]
    assert "ratio" not in t.note
