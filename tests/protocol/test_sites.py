"""The site code and study ID rules (issue 14), against hand-written cases."""

import pytest

from ablacem.protocol.sites import site_code_problem, study_id_for, study_id_number, study_id_problem


@pytest.mark.parametrize("code", ["TOR", "AB", "LYO2", "ABCDEFGH"])
def test_valid_site_codes(code):
    assert site_code_problem(code) is None


@pytest.mark.parametrize("code", ["", "T", "tor", "2TO", "TOR-1", "ABCDEFGHI", "TO R"])
def test_invalid_site_codes_say_the_rule(code):
    assert "upper-case letter" in site_code_problem(code)


def test_study_ids_carry_the_site_code_and_a_growing_number():
    assert study_id_for("TOR", 1) == "TOR-001" and study_id_for("TOR", 1234) == "TOR-1234"
    assert study_id_number("TOR-012", "TOR") == 12
    assert study_id_number("ABL-012", "TOR") is None and study_id_number("TOR-12a", "TOR") is None


def test_one_site_keeps_any_id_several_need_the_site_prefix():
    assert study_id_problem("P-17", "ABL", several_sites=False) is None
    assert study_id_problem("TOR-001", "TOR", several_sites=True) is None
    problem = study_id_problem("ABL-001", "TOR", several_sites=True)
    assert "'ABL-001'" in problem and "TOR-001" in problem
    assert study_id_problem("TORONTO-1", "TOR", several_sites=True) is not None
