"""QLQ-C30 change categories: 10-point rule (ablacem, after Osoba 1998), direction per scale."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ablacem.scoring.qlqc30 import SCALE_CODES, score
from ablacem.scoring.qlqc30_change import CATEGORIES, categorise_changes, change_category


@pytest.mark.parametrize(
    ("baseline", "follow_up", "scale", "expected"),
    [
        (50, 60, "PF2", "improved"),  # exactly +10 on a functional scale
        (50, 40, "PF2", "worsened"),  # exactly -10
        (50, 59.99, "PF2", "stable"),
        (50, 40.01, "PF2", "stable"),
        (50, 60, "QL2", "improved"),
        (50, 60, "SUMMARY", "improved"),
        (50, 60, "PA", "worsened"),  # symptoms: up is unfavourable
        (50, 40, "PA", "improved"),
        (50, 40, "FI", "improved"),
        (100, 0, "FA", "improved"),
        (0, 100, "SF", "improved"),
        (33.3, 33.3, "EF", "stable"),
    ],
)
def test_scalar_categories_at_and_around_ten_points(baseline, follow_up, scale, expected):
    assert change_category(baseline, follow_up, scale) == expected


def test_ten_points_from_rounded_scale_scores_counts_as_ten():
    # Scores read back rounded (e.g. from a CSV): 16.4 - 6.4 is 9.999999999999998 in binary floating point.
    baseline, follow_up = 6.4, 16.4
    assert follow_up - baseline < 10
    assert change_category(baseline, follow_up, "QL2") == "improved"
    assert change_category(follow_up, baseline, "QL2") == "worsened"
    assert change_category(baseline, follow_up, "PA") == "worsened"


@pytest.mark.parametrize(("baseline", "follow_up"), [(None, 50), (50, None), (np.nan, 50), (None, None)])
def test_missing_scores_give_none(baseline, follow_up):
    assert change_category(baseline, follow_up, "PF2") is None


def test_series_input_matched_by_index_with_none_for_missing():
    baseline = pd.Series([50.0, 50.0, np.nan, 20.0], index=["a", "b", "c", "d"])
    follow_up = pd.Series([35.0, 55.0, 80.0, 30.0], index=["a", "b", "c", "d"])
    got = change_category(baseline, follow_up, "PA")
    assert got.tolist() == ["improved", "stable", None, "worsened"]
    assert list(got.index) == ["a", "b", "c", "d"]


def test_series_against_a_scalar():
    got = change_category(pd.Series([40.0, 45.0]), 50.0, "RF2")
    assert got.tolist() == ["improved", "stable"]


def test_unknown_scale_is_rejected():
    with pytest.raises(KeyError, match="not a QLQ-C30 scale"):
        change_category(1, 2, "XYZ")


def test_categorise_changes_for_every_scale():
    items_1_28_two = {f"q{i}": 2 for i in range(1, 29)}
    baseline = score(pd.DataFrame([{**items_1_28_two, "q29": 4, "q30": 4}], index=["P1"]))
    # Follow-up: every item at 1 (best) and global items 7: functional 66.7 -> 100 (+33),
    # symptoms 33.3 -> 0 (-33), QL2 50 -> 100, SUMMARY 66.7 -> 100: all improved.
    follow_up = score(pd.DataFrame([{**dict.fromkeys(items_1_28_two, 1), "q29": 7, "q30": 7}], index=["P1"]))
    got = categorise_changes(baseline, follow_up)
    assert list(got.columns) == list(SCALE_CODES)
    assert (got.loc["P1"] == "improved").all()
    reversed_ = categorise_changes(follow_up, baseline)
    assert (reversed_.loc["P1"] == "worsened").all()


def test_categorise_changes_aligns_rows_and_uses_shared_columns():
    baseline = pd.DataFrame({"PF2": [40.0, 60.0], "PA": [50.0, 50.0], "other": [1, 2]}, index=["P1", "P2"])
    follow_up = pd.DataFrame({"PF2": [70.0, 65.0], "PA": [60.0, 45.0]}, index=["P2", "P3"])
    got = categorise_changes(baseline, follow_up)
    assert list(got.columns) == ["PF2", "PA"]
    assert got.loc["P1"].isna().all() and got.loc["P3"].isna().all()
    assert got.loc["P2"].tolist() == ["improved", "worsened"]


def test_categorise_changes_needs_a_shared_scale():
    with pytest.raises(ValueError, match="no QLQ-C30 scale columns"):
        categorise_changes(pd.DataFrame({"x": [1]}), pd.DataFrame({"x": [1]}))


def test_categories_tuple():
    assert CATEGORIES == ("improved", "stable", "worsened")


_SWAP = {"improved": "worsened", "worsened": "improved", "stable": "stable", None: None}
_scores = st.one_of(st.none(), st.floats(0, 100, allow_nan=False))


@settings(max_examples=200, deadline=None)
@given(_scores, _scores, st.sampled_from(SCALE_CODES))
def test_swapping_baseline_and_follow_up_swaps_the_category(baseline, follow_up, scale):
    forward = change_category(baseline, follow_up, scale)
    assert change_category(follow_up, baseline, scale) == _SWAP[forward]


@settings(max_examples=200, deadline=None)
@given(_scores, _scores)
def test_symptom_and_functional_scales_read_a_change_in_opposite_directions(baseline, follow_up):
    assert change_category(baseline, follow_up, "PA") == _SWAP[change_category(baseline, follow_up, "PF2")]
