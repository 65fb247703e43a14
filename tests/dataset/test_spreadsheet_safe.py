"""The formula escape of every file a person opens (OWASP CSV injection) and its exact inverse."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from ablacem.dataset.spreadsheet_safe import FORMULA_START, neutralise, neutralise_frame, restore


def test_a_cell_starting_like_a_formula_gets_one_leading_quote():
    for text in ['=HYPERLINK("http://x.example","click")', "+1+2", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx"]:
        assert neutralise(text) == "'" + text


def test_numbers_and_plain_text_are_written_as_they_are():
    for value in ["-1.5", "+3", "-0.25e-3", "2025-03-10", "pain flare", "", 12, -4.5, None]:
        assert neutralise(value) == value


def test_a_cell_starting_with_the_quote_is_escaped_too_so_the_reader_can_undo_it():
    assert neutralise("'quoted'") == "''quoted'"
    assert neutralise("''") == "'''"
    assert restore(neutralise("'quoted'")) == "'quoted'"
    assert restore(neutralise("''")) == "''"
    assert restore(neutralise("'=1")) == "'=1"


@given(st.text())
def test_restore_undoes_neutralise_exactly(text):
    written = neutralise(text)
    assert restore(written) == text
    if written.startswith(FORMULA_START):
        float(written)  # only a plain number may start like a formula


def test_a_frame_keeps_its_number_columns_and_escapes_its_text():
    frame = pd.DataFrame({"change": [-1.5, 2.0], "text": ["=1+1", "ok"]})
    out = neutralise_frame(frame)
    assert out["change"].tolist() == [-1.5, 2.0]
    assert out["text"].tolist() == ["'=1+1", "ok"]
    assert frame["text"].tolist() == ["=1+1", "ok"]  # the caller's frame is not changed
