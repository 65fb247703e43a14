"""The staff CSV downloads escape cells by the dataset's one rule (OWASP CSV injection): a
negative number stays a number, a leading quote is itself escaped so a reader can undo it."""

from __future__ import annotations

import csv
import io

from ablacem.dataset.spreadsheet_safe import restore
from ablacem.edc.views._csv import cell, csv_text


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_negative_number_stays_a_number_and_a_formula_is_text():
    text = csv_text(["a", "b", "c", "d"], [{"a": -3, "b": "-3", "c": "-2 is a typo", "d": "=1+1"}])
    row = _rows(text)[0]
    assert row == {"a": "-3", "b": "-3", "c": "'-2 is a typo", "d": "'=1+1"}


def test_a_leading_quote_is_escaped_so_reading_back_gives_what_was_typed():
    typed = ["'HN-1", "@SUM(A1)", "plain", "+33 1 23", "-1.5e3", "\tx"]
    written = [cell(t) for t in typed]
    assert written == ["''HN-1", "'@SUM(A1)", "plain", "'+33 1 23", "-1.5e3", "'\tx"]
    assert [restore(w) for w in written] == typed


def test_missing_values_are_empty_cells_and_the_header_comes_first():
    text = csv_text(["x", "y"], [{"x": None}])
    assert text == "x,y\r\n,\r\n"
