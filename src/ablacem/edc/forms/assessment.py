"""A scheduled visit: VAS pain, the analgesics (a formset), the 30 QLQ-C30 items; or "not done".

The QLQ-C30 item wording is copyrighted by the EORTC: these forms show the item number and
the response scale from :mod:`ablacem.protocol.codelists`, and the site's licensed wording
only when it is given (``wording``, loaded from the site's own file).
"""

from __future__ import annotations

from django import forms

from ablacem.dataset.schema import ANALGESICS, ASSESSMENTS
from ablacem.protocol import codelists as cl
from ablacem.protocol import ranges as rg

from ..models.assessment import ANALGESIC_FIELDS, VISIT_VALUE_FIELDS
from ._base import ChangeControlForm, EdcForm
from ._fields import coded, column_field

NOT_DONE_STATUSES = cl.CodeList(
    "not_done_status",
    "Why the visit was not done",
    tuple(i for i in cl.ASSESSMENT_STATUS if i.code not in ("done", "not_due")),
)


class ScaleRadio(forms.RadioSelect):
    """Radio buttons with nothing checked until the item is answered.

    Django checks the ``""`` choice for a None value, which preselected "no answer" on every
    unanswered item: a visit with no item answered then looked filled in. Here None checks
    nothing; "no answer" is checked only when it was chosen.
    """

    def format_value(self, value):
        return [] if value is None else super().format_value(value)


def _item_field(item: str, wording: dict | None, labels: dict | None = None) -> forms.TypedChoiceField:
    """Radio buttons of the item's response scale (its column's code list); the label is the
    column's, or the item number and the site's licensed wording when it is loaded, and each
    button's is its code, followed by the licensed response label when the file gives one."""
    column = ASSESSMENTS.column(item)
    text = (wording or {}).get(item, "")
    label = f"{item[1:]}. {text}" if text else column.label
    words = (labels or {}).get(item, {})
    choices = [
        (code, f"{code} {words[int(code)]}" if int(code) in words else name) for code, name in column.codes.choices
    ]
    return forms.TypedChoiceField(
        label=label,
        help_text=column.help_text,
        # "no answer" lets a wrong click be undone: a missing item must stay missing.
        choices=[*choices, ("", "no answer")],
        coerce=int,
        empty_value=None,
        required=False,
        widget=ScaleRadio(attrs={"class": "scale"}),
    )


class AssessmentForm(ChangeControlForm):
    """Date, window reason, VAS worst/average and items ``q1``..``q30``."""

    assessed_on = column_field(ASSESSMENTS, "assessed_on", required=True)
    out_of_window_reason = forms.CharField(
        label="Why outside the window",
        required=False,
        max_length=rg.REASON_MAX_CHARS,
        help_text="Only when the date falls outside the visit window.",
    )
    vas_worst = column_field(ASSESSMENTS, "vas_worst")
    vas_average = column_field(ASSESSMENTS, "vas_average")

    def __init__(self, *args, wording: dict | None = None, response_labels: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for item in rg.QLQC30_ITEMS:
            self.fields[item] = _item_field(item, wording, response_labels)
        self.fields["qlqc30_missing_reason"] = column_field(ASSESSMENTS, "qlqc30_missing_reason")

    @property
    def item_fields(self) -> list:
        """The bound QLQ-C30 item fields, in order."""
        return [self[item] for item in rg.QLQC30_ITEMS]

    def data_for_service(self) -> dict:
        data = {f: self.cleaned_data.get(f) for f in VISIT_VALUE_FIELDS}
        data["out_of_window_reason"] = data["out_of_window_reason"] or ""
        data["qlqc30_missing_reason"] = data["qlqc30_missing_reason"] or ""
        return data


class AnalgesicForm(EdcForm):
    """One analgesic: drug, route, dose per administration, unit, administrations per day.

    A line is parsed, not checked: a line with a value missing still reaches the service, whose
    edit check (:func:`ablacem.edc.checks.check_analgesic`) names it together with every other
    problem of the visit, so that one rejected save lists them all.
    """

    drug = column_field(ANALGESICS, "drug", required=False)
    route = column_field(ANALGESICS, "route", required=False)
    dose = column_field(ANALGESICS, "dose", required=False)
    unit = column_field(ANALGESICS, "unit", required=False)
    per_day = column_field(ANALGESICS, "per_day", required=False)

    def row(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in ANALGESIC_FIELDS}


AnalgesicFormSet = forms.formset_factory(AnalgesicForm, extra=2, can_delete=True, max_num=30, validate_max=True)


class NotDoneForm(ChangeControlForm):
    """Mark a visit not done, with why (missed, died, withdrew) and a reason in words."""

    status = coded(NOT_DONE_STATUSES, required=True)
    not_done_reason = forms.CharField(
        label="Reason", required=True, max_length=rg.REASON_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )

    def data_for_service(self) -> dict:
        return {"status": self.cleaned_data.get("status"), "not_done_reason": self.cleaned_data.get("not_done_reason")}
