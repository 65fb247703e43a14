"""Form fields built from the protocol: ranges, resolutions, codes and explicit yes/no."""

from __future__ import annotations

from ablacem.edc.forms._fields import coded, measured, points, yes_no
from ablacem.protocol import codelists as cl
from ablacem.protocol import ranges as rg


def _clean(field, value):
    from django import forms

    class F(forms.Form):
        x = field

    form = F({"x": value})
    form.is_valid()
    return form.cleaned_data.get("x"), form.errors.get("x", [])


def test_vas_accepts_one_decimal_within_0_to_10():
    assert _clean(measured(rg.VAS), "7.5") == (7.5, [])
    assert _clean(measured(rg.VAS), "10.5")[1] == ["VAS pain must be between 0 and 10"]
    assert _clean(measured(rg.VAS), "3.25")[1] == ["VAS pain allows at most 1 decimal(s)"]


def test_integer_ranges_give_whole_numbers_and_the_unit_in_the_message():
    assert _clean(measured(rg.AGE), "64") == (64, [])
    assert _clean(measured(rg.AGE), "17")[1] == ["age must be between 18 and 110 years"]


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
