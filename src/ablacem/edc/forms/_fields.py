"""Form fields built from the column declarations (:mod:`ablacem.dataset.schema`) and the
protocol's code lists and ranges (never re-declared here).

Forms render and parse: a field turns the posted text into a value of the right type and shows
the range as the input's ``min``/``max``/``step`` and as help, but the range, code and
cross-field rules are checked once, by the services' edit checks (:mod:`ablacem.edc.checks`),
whose messages the form shows next to the field.
"""

from __future__ import annotations

from django import forms

from ablacem.dataset.schema import BOOLEAN, DATE, INTEGER, STRING, Table
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


def coded(
    codes: CodeList, *, label: str | None = None, required: bool = False, groups=None, help_text: str = ""
) -> forms.ChoiceField:
    """A select of the list's codes (stored values) with their labels.

    ``groups`` optionally splits the options into ``(group label, CodeList)`` optgroups.
    """
    if groups:
        choices = [BLANK, *[(name, group.choices) for name, group in groups]]
    else:
        choices = [BLANK, *codes.choices]
    return forms.ChoiceField(label=label or codes.label, choices=choices, required=required, help_text=help_text)


def points(
    codes: CodeList, *, label: str | None = None, required: bool = False, help_text: str = ""
) -> forms.TypedChoiceField:
    """A select whose codes are points or grades (SINS, Mirels, ECOG, CIRSE), coerced to int."""
    return forms.TypedChoiceField(
        label=label or codes.label,
        help_text=help_text,
        choices=[BLANK, *codes.choices],
        coerce=int,
        empty_value=None,
        required=required,
    )


def measured(
    rng: NumericRange, *, label: str | None = None, required: bool = False, help_text: str | None = None
) -> forms.Field:
    """A number field showing the protocol range and resolution of ``rng`` (checked by the service)."""
    step = "1" if rng.is_integer else f"{10**-rng.decimals:.{rng.decimals}f}"
    attrs = {"min": f"{rng.minimum:g}", "max": f"{rng.maximum:g}", "step": step, "inputmode": "decimal"}
    hint = f"{rng.minimum:g}-{rng.maximum:g}{rng.unit_suffix}"
    kwargs = {
        "label": label or rng.name.capitalize(),
        "required": required,
        "help_text": hint if help_text is None else help_text,
    }
    if rng.is_integer:
        attrs["inputmode"] = "numeric"
        return forms.IntegerField(widget=forms.NumberInput(attrs=attrs), **kwargs)
    return forms.FloatField(widget=forms.NumberInput(attrs=attrs), **kwargs)


def _to_bool(value):
    return {"true": True, "false": False}.get(value)


def yes_no(label: str, *, required: bool = False, help_text: str = "") -> forms.TypedChoiceField:
    """Yes / No with an explicit blank, so "not answered" is never read as "no"."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[BLANK, ("true", "Yes"), ("false", "No")],
        coerce=_to_bool,
        empty_value=None,
        required=required,
    )


def bool_initial(value) -> str:
    """The initial value of a :func:`yes_no` field for a stored boolean (None -> blank)."""
    return "" if value is None else ("true" if value else "false")


def column_field(table: Table, name: str, *, required: bool | None = None, groups=None, **options) -> forms.Field:
    """The form field of column ``name`` of ``table``, with the column's label and help text.

    Parameters
    ----------
    table : Table
        The tidy table the form fills (``schema.ASSESSMENTS``).
    name : str
        The column; the form field has the same name.
    required : bool, optional
        Whether the form needs a value; default the column's ``required`` (a form may ask for
        more, as a done visit's date, or less, as a lesion's details before it is ticked treated).
    groups : sequence of (str, CodeList), optional
        Optgroups of a coded column's select (:func:`coded`).
    **options
        Passed to the text field of a text column (``max_length``, ``widget``).

    Returns
    -------
    Field
        A date picker, a yes/no select, a select of the code list (points coerced to int), a
        number input showing the range, or a text input, after the column's type.

    Raises
    ------
    TypeError
        ``options`` for a column that is not free text, or a number column without a range.
    """
    column = table.column(name)
    if options and (column.dtype != STRING or column.codes is not None):
        raise TypeError(f"{table.name}.{name}: {', '.join(sorted(options))} only for a text column")
    required = column.required if required is None else required
    label, help_text = column.label, column.help_text
    if column.dtype == DATE:
        return date(label, required=required, help_text=help_text)
    if column.dtype == BOOLEAN:
        return yes_no(label, required=required, help_text=help_text)
    if column.codes is not None and column.dtype == INTEGER:
        return points(column.codes, label=label, required=required, help_text=help_text)
    if column.codes is not None:
        return coded(column.codes, label=label, required=required, groups=groups, help_text=help_text)
    if column.range is not None:
        rng = column.range
        hint = f"{rng.minimum:g}-{rng.maximum:g}{rng.unit_suffix}"
        return measured(rng, label=label, required=required, help_text=". ".join(filter(None, (hint, help_text))))
    if column.dtype != STRING:
        raise TypeError(f"{table.name}.{name} ({column.dtype}) needs a range or a code list to be entered")
    if column.free_text:
        options.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
    # The declared length becomes the input's maxlength; the edit checks refuse a longer text.
    options.setdefault("max_length", column.max_length)
    return forms.CharField(label=label, required=required, help_text=help_text, **options)
