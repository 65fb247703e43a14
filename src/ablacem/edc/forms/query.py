"""Opening a query, answering it, closing and re-opening it."""

from __future__ import annotations

from django import forms

from ..services.query import TEXT_MAX
from ._base import EdcForm


def _text(label: str, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class QueryOpenForm(EdcForm):
    """The question, on the whole form or one of its fields.

    Parameters
    ----------
    fields : sequence of (name, label)
        The form's fields the query can be on.
    """

    #: Queries are raised on signed casebooks too (a monitor's question after signing).
    read_only_when_signed = False
    read_only_for_readers = False

    field_name = forms.ChoiceField(label="On", required=False)
    question = _text("Question")

    def __init__(self, *args, fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field_name"].choices = [("", "the whole form"), *fields]


class QueryAnswerForm(EdcForm):
    """The site's answer; ticked when the value was corrected on the form (the change is linked)."""

    read_only_when_signed = False
    read_only_for_readers = False

    text = _text("Answer")
    value_changed = forms.BooleanField(
        label="I corrected the value on the form (with its reason for change): link that change", required=False
    )


class QueryCloseForm(EdcForm):
    """An optional note when closing."""

    read_only_when_signed = False
    read_only_for_readers = False

    text = _text("Note (optional)", required=False)


class QueryReopenForm(EdcForm):
    """What is still unclear."""

    read_only_when_signed = False
    read_only_for_readers = False

    text = _text("Why re-open")
