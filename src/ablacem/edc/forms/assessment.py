"""A scheduled visit: VAS pain, the analgesics (a formset), the 30 QLQ-C30 items; or "not done".

The QLQ-C30 item wording is copyrighted by the EORTC: these forms show the item number and
the response scale from :mod:`ablacem.protocol.codelists`, and the site's licensed wording
only when it is given (``wording``, loaded from the site's own file).
"""

from __future__ import annotations

from django import forms

from ablacem.protocol import codelists as cl
from ablacem.protocol import ranges as rg

from ..models.assessment import ANALGESIC_FIELDS, VISIT_VALUE_FIELDS
from ._base import ChangeControlForm, EdcForm
from ._fields import coded, date, measured

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


def _item_field(item: str, wording: dict | None) -> forms.TypedChoiceField:
    number = int(item[1:])
    codes = cl.QLQC30_7PT if number >= 29 else cl.QLQC30_4PT
    text = (wording or {}).get(item, "")
    label = f"{number}. {text}" if text else f"Item {number}"
    return forms.TypedChoiceField(
        label=label,
        # "no answer" lets a wrong click be undone: a missing item must stay missing.
        choices=[*codes.choices, ("", "no answer")],
        coerce=int,
        empty_value=None,
        required=False,
        widget=ScaleRadio(attrs={"class": "scale"}),
    )


class AssessmentForm(ChangeControlForm):
    """Date, window reason, VAS worst/average and items ``q1``..``q30``."""

    assessed_on = date("Assessment date", required=True)
    out_of_window_reason = forms.CharField(
        label="Why outside the window",
        required=False,
        max_length=500,
        help_text="Only when the date falls outside the visit window.",
    )
    vas_worst = measured(rg.VAS, label="Worst pain at the treated site, last 24 h (VAS 0-10)")
    vas_average = measured(rg.VAS, label="Average pain, last 24 h (VAS 0-10)")

    def __init__(self, *args, wording: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for item in rg.QLQC30_ITEMS:
            self.fields[item] = _item_field(item, wording)
        self.fields["qlqc30_missing_reason"] = coded(
            cl.QLQC30_MISSING_REASON, label="Partially completed: why are items unanswered?"
        )
        self.fields[
            "qlqc30_missing_reason"
        ].help_text = (
            "Only when QLQ-C30 items are left blank on purpose; a complete visit answers all 30 items or says why."
        )

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
    """One analgesic: drug, route, dose per administration, unit, administrations per day."""

    drug = coded(cl.ANALGESIC_DRUG, required=True)
    route = coded(cl.ROUTE, required=True)
    dose = measured(rg.DOSE, label="Dose", required=True, help_text="per administration (patch strength)")
    unit = coded(cl.DOSE_UNIT, label="Unit", required=True)
    per_day = measured(rg.PER_DAY, label="Times per day", required=True, help_text="1 for a patch")

    def row(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in ANALGESIC_FIELDS}


AnalgesicFormSet = forms.formset_factory(AnalgesicForm, extra=2, can_delete=True, max_num=30, validate_max=True)


class NotDoneForm(ChangeControlForm):
    """Mark a visit not done, with why (missed, died, withdrew) and a reason in words."""

    status = coded(NOT_DONE_STATUSES, required=True)
    not_done_reason = forms.CharField(
        label="Reason", required=True, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def data_for_service(self) -> dict:
        return {"status": self.cleaned_data.get("status"), "not_done_reason": self.cleaned_data.get("not_done_reason")}
