"""The site as a subgroup (issue 14), on the tiny cohort by hand (tests/analysis/conftest.py).

VAS change at 1 month (worst pain, 1 month minus baseline): P01 2 - 8 = -6; P02 6 - 9 = -3;
P03 withdrew before 1 month and P05 has no baseline (no change); P04 was never treated.
"""

import pytest

from ablacem.analysis.study import StudyAnalysis


def test_one_site_adds_no_site_subgroup(tiny_analysis):
    assert "site" not in tiny_analysis.results_["subgroups"]
    rows = next(t for t in tiny_analysis.tables_ if t.id == "subgroups").frame
    assert "Site" not in set(rows["Variable"])


def test_two_sites_are_a_subgroup_with_hand_computed_numbers(tiny):
    ds = tiny.copy()
    ds.patients["site"] = ds.patients["patient_id"].map(
        {"P01": "ABL", "P02": "TOR", "P03": "ABL", "P04": "TOR", "P05": "TOR"}
    )
    fitted = StudyAnalysis().fit(ds)
    site = fitted.results_["subgroups"]["site"]
    assert set(site) == {"ABL", "TOR"}
    assert (site["ABL"]["n"], site["TOR"]["n"]) == (2, 2)  # treated: P01, P03 | P02, P05
    assert site["ABL"]["vas_change_m1_mean"] == pytest.approx(-6) and site["ABL"]["vas_change_m1_n"] == 1
    assert site["TOR"]["vas_change_m1_mean"] == pytest.approx(-3) and site["TOR"]["vas_change_m1_n"] == 1
    rows = next(t for t in fitted.tables_ if t.id == "subgroups").frame
    assert list(rows.loc[rows["Variable"].eq("Site"), "Level"]) == ["ABL", "TOR", "exploratory p"]
