"""Form fields built from :mod:`ablacem.protocol` (code lists and ranges are never re-declared)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from ablacem.protocol.codelists import CodeList
from ablacem.protocol.ranges import NumericRange

BLANK = ("", "—")


class DateInput(forms.DateInput):
    """A native date picker (ISO dates, as the browser sends them)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    """A date field with the browser's date picker."""
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


def coded(codes: CodeList, *, label: str | None = None, required: bool = False, groups=None) -> forms.ChoiceField:
    """A select of the list's codes (stored values) with their labels.

    ``groups`` optionally splits the options into ``(group label, CodeList)`` optgroups.
    """
    if groups:
        choices = [BLANK, *[(name, group.choices) for name, group in groups]]
    else:
        choices = [BLANK, *codes.choices]
    return forms.ChoiceField(label=label or codes.label, choices=choices, required=required)


def points(codes: CodeList, *, label: str | None = None, required: bool = False) -> forms.TypedChoiceField:
    """A select whose codes are points or grades (SINS, Mirels, ECOG, CIRSE), coerced to int."""
    return forms.TypedChoiceField(
        label=label or codes.label,
        choices=[BLANK, *codes.choices],
        coerce=int,
        empty_value=None,
        required=required,
    )


def _range_validator(rng: NumericRange):
    def validate(value):
        if value is None:
            return
        problem = rng.problem(float(value))
        if problem:
            raise ValidationError(problem)

    return validate


def measured(
    rng: NumericRange, *, label: str | None = None, required: bool = False, help_text: str | None = None
) -> forms.Field:
    """A number field that accepts the protocol range and resolution of ``rng``."""
    step = "1" if rng.is_integer else f"{10**-rng.decimals:.{rng.decimals}f}"
    attrs = {"min": f"{rng.minimum:g}", "max": f"{rng.maximum:g}", "step": step, "inputmode": "decimal"}
    hint = f"{rng.minimum:g}-{rng.maximum:g}{rng.unit_suffix}"
    kwargs = {
        "label": label or rng.name.capitalize(),
        "required": required,
        "validators": [_range_validator(rng)],
        "help_text": hint if help_text is None else help_text,
    }
    if rng.is_integer:
        attrs["inputmode"] = "numeric"
        return forms.IntegerField(widget=forms.NumberInput(attrs=attrs), **kwargs)
    return forms.FloatField(widget=forms.NumberInput(attrs=attrs), **kwargs)


def _to_bool(value):
    return {"true": True, "false": False}.get(value)


def yes_no(label: str, *, required: bool = False) -> forms.TypedChoiceField:
    """Yes / No with an explicit blank, so "not answered" is never read as "no"."""
    return forms.TypedChoiceField(
        label=label,
        choices=[BLANK, ("true", "Yes"), ("false", "No")],
        coerce=_to_bool,
        empty_value=None,
        required=required,
    )


def bool_initial(value) -> str:
    """The initial value of a :func:`yes_no` field for a stored boolean (None -> blank)."""
    return "" if value is None else ("true" if value else "false")
