"""Form fields built from the protocol: they parse and show ranges, codes and explicit yes/no
(the range itself is checked once, by the services' edit checks)."""

from __future__ import annotations

import pytest

from ablacem.dataset.schema import ANALGESICS, ASSESSMENTS, INTEGER, Column, Table
from ablacem.edc.forms._fields import coded, column_field, measured, points, yes_no
from ablacem.protocol import codelists as cl
from ablacem.protocol import ranges as rg


def _clean(field, value):
    from django import forms

    class F(forms.Form):
        x = field

    form = F({"x": value})
    form.is_valid()
    return form.cleaned_data.get("x"), form.errors.get("x", [])


def test_number_fields_parse_and_leave_the_range_to_the_service():
    """One range check per save: the service's (``checks.in_ranges``), not a second one in the form."""
    assert _clean(measured(rg.VAS), "7.5") == (7.5, [])
    assert _clean(measured(rg.VAS), "10.5") == (10.5, [])
    assert _clean(measured(rg.VAS), "seven")[1] == ["Enter a number."]


def test_whole_number_fields_parse_integers():
    assert _clean(measured(rg.AGE), "64") == (64, [])
    assert _clean(measured(rg.AGE), "17") == (17, [])
    assert _clean(measured(rg.AGE), "64.5")[1] == ["Enter a whole number."]


def test_range_hint_and_unit_are_shown_as_help():
    assert measured(rg.AGE).help_text == "18-110 years"


def test_number_inputs_carry_the_protocol_bounds_for_the_browser():
    widget = measured(rg.CEMENT_ML).widget
    assert (widget.attrs["min"], widget.attrs["max"], widget.attrs["step"]) == ("0", "50", "0.1")


def test_coded_fields_offer_exactly_the_code_list_plus_a_blank():
    field = coded(cl.MODALITY)
    assert [c for c, _ in field.choices] == ["", "rfa", "cryo"]
    assert _clean(field, "laser")[1] == ["Select a valid choice. laser is not one of the available choices."]


def test_points_are_integers():
    assert _clean(points(cl.SINS_PAIN), "3") == (3, [])
    assert _clean(points(cl.SINS_PAIN), "2")[1]  # 2 is not a SINS pain score (0, 1, 3)


def test_yes_no_keeps_unanswered_apart_from_no():
    assert _clean(yes_no("Leakage"), "") == (None, [])
    assert _clean(yes_no("Leakage"), "false") == (False, [])
    assert _clean(yes_no("Leakage"), "true") == (True, [])


def test_column_fields_take_label_help_and_codes_from_the_declaration():
    field = column_field(ANALGESICS, "per_day")
    assert field.label == "Administrations per day"
    assert field.help_text == "0.01-48. 1 for a patch."
    assert [c for c, _ in column_field(ASSESSMENTS, "q29").choices] == ["", *map(str, range(1, 8))]


def test_column_fields_refuse_what_they_cannot_build():
    with pytest.raises(TypeError, match=r"analgesics\.drug: max_length only for a text column"):
        column_field(ANALGESICS, "drug", max_length=5)
    bare = Table("t", "rows", key=(), columns=(Column("n", INTEGER, "A count"),))
    with pytest.raises(TypeError, match=r"t\.n \(integer\) needs a range or a code list"):
        column_field(bare, "n")
