"""SINS (Fisher 2010) and Mirels (Mirels 1989) totals and categories, computed by hand."""

import numpy as np
import pandas as pd
import pytest

from ablacem.scoring.lesion_scores import (
    mirels_high_risk,
    mirels_total,
    sins_category,
    sins_location_points,
    sins_total,
)

WORST_SINS = {
    "sins_location": 3,  # junctional
    "sins_pain": 3,  # mechanical
    "sins_bone_lesion": 2,  # lytic
    "sins_alignment": 4,  # subluxation
    "sins_collapse": 3,  # > 50 %
    "sins_posterolateral": 3,  # bilateral
}


@pytest.mark.parametrize(
    ("components", "total"),
    [
        (WORST_SINS, 18.0),  # 3 + 3 + 2 + 4 + 3 + 3
        ((0, 0, 0, 0, 0, 0), 0.0),
        ((1, 1, 1, 0, 1, 1), 5.0),  # semi-rigid, occasional pain, mixed, normal, body involved, unilateral
        ((2, 3, 2, 0, 2, 1), 10.0),  # mobile spine, mechanical, lytic, normal, < 50 % collapse, unilateral
        ((3, 1, 2, 2, 0, 0), 8.0),
    ],
)
def test_sins_total_by_hand(components, total):
    record = components if isinstance(components, dict) else dict(zip(WORST_SINS, components, strict=True))
    assert sins_total(record) == total


def test_sins_total_frame_with_a_missing_component_and_string_codes():
    frame = pd.DataFrame([WORST_SINS, {**WORST_SINS, "sins_collapse": np.nan}, {**WORST_SINS, "sins_pain": "1"}])
    got = sins_total(frame)
    assert got.iloc[0] == 18.0 and np.isnan(got.iloc[1]) and got.iloc[2] == 16.0
    assert sins_total({**WORST_SINS, "sins_pain": None}) is None


def test_sins_total_rejects_points_a_component_cannot_take():
    with pytest.raises(ValueError, match=r"SINS: row 'L2', sins_pain = 2 is not one of 3, 1, 0"):
        sins_total(pd.DataFrame([{**WORST_SINS, "sins_pain": 2}], index=["L2"]))
    with pytest.raises(ValueError, match=r"row 0, sins_alignment = 3"):
        sins_total(pd.DataFrame([{**WORST_SINS, "sins_alignment": 3}]))


def test_sins_total_names_missing_components():
    with pytest.raises(KeyError, match="sins_location"):
        sins_total({"sins_pain": 3})


@pytest.mark.parametrize(
    ("total", "category"),
    [(0, "stable"), (6, "stable"), (7, "potentially_unstable"), (12, "potentially_unstable"), (13, "unstable"),
     (18, "unstable"), (None, None), (np.nan, None)],
)  # fmt: skip
def test_sins_category_boundaries(total, category):
    assert sins_category(total) == category


def test_sins_category_series():
    got = sins_category(pd.Series([6.0, 7.0, np.nan, 13.0]))
    assert got.tolist() == ["stable", "potentially_unstable", None, "unstable"]


@pytest.mark.parametrize(
    ("site", "pain", "lesion", "size", "total", "high"),
    [
        (1, 1, 1, 1, 4.0, False),  # upper limb, mild, blastic, < 1/3
        (3, 3, 3, 3, 12.0, True),  # peritrochanteric, functional, lytic, > 2/3
        (2, 2, 2, 2, 8.0, False),
        (2, 3, 3, 1, 9.0, True),  # 9 is the high-risk threshold
    ],
)
def test_mirels_by_hand(site, pain, lesion, size, total, high):
    record = {"mirels_site": site, "mirels_pain": pain, "mirels_lesion": lesion, "mirels_size": size}
    assert mirels_total(record) == total
    assert mirels_high_risk(total) is high


def test_mirels_rejects_out_of_range_and_handles_missing():
    with pytest.raises(ValueError, match="mirels_size = 4 is not one of 1, 2, 3"):
        mirels_total({"mirels_site": 1, "mirels_pain": 1, "mirels_lesion": 1, "mirels_size": 4})
    assert mirels_total({"mirels_site": 1, "mirels_pain": None, "mirels_lesion": 1, "mirels_size": 1}) is None
    assert mirels_high_risk(None) is None
    assert mirels_high_risk(pd.Series([8.0, 9.0, np.nan])).tolist() == [False, True, None]


@pytest.mark.parametrize(
    ("total", "message"),
    [
        (19, "SINS category: total = 19: SINS total must be between 0 and 18"),
        (-1, "SINS category: total = -1: SINS total must be between 0 and 18"),
        (6.5, "SINS category: total = 6.5: SINS total must be a whole number"),
    ],
)
def test_sins_category_rejects_a_total_sins_cannot_reach(total, message):
    # Fisher 2010: six components scoring at most 3 + 3 + 2 + 4 + 3 + 3 = 18 whole points.
    with pytest.raises(ValueError, match=message):
        sins_category(total)
    with pytest.raises(ValueError, match=r"row 'L7', total"):
        sins_category(pd.Series([5.0, total], index=["L1", "L7"]))


@pytest.mark.parametrize("total", [3, 13, 8.5])
def test_mirels_high_risk_rejects_a_total_mirels_cannot_reach(total):
    # Mirels 1989: four components of 1-3 points give a whole total of 4-12.
    with pytest.raises(ValueError, match="Mirels total must be"):
        mirels_high_risk(total)


@pytest.mark.parametrize(
    ("site", "points"),
    [
        *[("C1", 3), ("C2", 3), ("C3", 2), ("C6", 2), ("C7", 3), ("T2", 3), ("T3", 1), ("T10", 1), ("T11", 3)],
        *[("L1", 3), ("L2", 2), ("L4", 2), ("L5", 3), ("S1", 3), ("S2", 0), ("S5", 0), ("femur", None)],
    ],
)
def test_sins_location_points_by_level_follow_fisher_2010(site, points):
    # Junctional occiput-C2, C7-T2, T11-L1, L5-S1: 3; mobile C3-C6, L2-L4: 2; semi-rigid T3-T10: 1; rigid S2-S5: 0.
    assert sins_location_points(site) == points


def test_sins_location_points_of_a_series():
    got = sins_location_points(pd.Series(["T12", "acetabulum", None, "L3"]))
    assert got.iloc[0] == 3.0 and np.isnan(got.iloc[1]) and np.isnan(got.iloc[2]) and got.iloc[3] == 2.0


def test_sins_location_points_of_a_series_of_levels_follow_fisher_2010():
    # The levels the synthetic cohort scores (it reads its points from here).
    levels = ["C1", "C2", "C5", "C7", "T1", "T2", "T3", "T10", "T11", "L1", "L2", "L4", "L5", "S1", "S2", "S5"]
    expected = [3, 3, 2, 3, 3, 3, 1, 1, 3, 3, 2, 2, 3, 3, 0, 0]
    assert list(sins_location_points(pd.Series(levels))) == expected
