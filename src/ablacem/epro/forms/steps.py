"""Forms of the questionnaire's screens: radio buttons with no preset answer, plain HTML.

The pain scale is eleven radio buttons 0-10 (styled as a row) with nothing checked until the
patient chooses: a slider always has a position, and a preset position biases the answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from ablacem.protocol import codelists as cl

from ..painkillers import LESS, MORE, STATUSES, STILL, STOPPED, line_errors
from ..questionnaire import scale_of

VAS_POINTS = tuple(range(11))
#: How each answer about a previous painkiller reads.
STATUS_LABELS = {
    STILL: _("Still taking it"),
    MORE: _("Taking more"),
    LESS: _("Taking less"),
    STOPPED: _("Stopped"),
}
#: How many "something else" rows a screen offers beyond those already given.
BLANK_EXTRA_ROWS = 1


class PainForm(forms.Form):
    """Worst and average pain at the treated site over the last 24 hours, 0-10, both required."""

    vas_worst = forms.TypedChoiceField(
        label=_("Your worst pain at the treated site in the last 24 hours"),
        choices=[(n, str(n)) for n in VAS_POINTS],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a number from 0 to 10.")},
    )
    vas_average = forms.TypedChoiceField(
        label=_("Your average pain at the treated site in the last 24 hours"),
        choices=[(n, str(n)) for n in VAS_POINTS],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a number from 0 to 10.")},
    )


@dataclass(frozen=True)
class ScalePoint:
    """The label of one answer button: its number and, when the licensed file gives one, its words."""

    number: int
    words: str = ""

    def __str__(self) -> str:
        return f"{self.number} {self.words}" if self.words else str(self.number)


class QLQC30Form(forms.Form):
    """One screen of QLQ-C30 items; an item may be left unanswered (the review says so).

    ``wording`` is the licensed item wording (``{"q1": text}``) and ``labels`` the licensed
    response labels (``{"q1": {1: words, ...}}``); without them the buttons show numbers.
    """

    def __init__(self, *args, items: tuple[str, ...], wording: dict[str, str], labels: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            number = item[1:]
            words = (labels or {}).get(item, {})
            self.fields[item] = forms.TypedChoiceField(
                label=wording.get(item) or _("Question %(number)s") % {"number": number},
                choices=[(n, ScalePoint(n, words.get(n, ""))) for n in scale_of(item)],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )


def _drug_choices():
    return [("", _("Choose the medicine"))] + [(c.code, _(c.label)) for c in cl.ANALGESIC_DRUG]


def _route_choices():
    return [("", _("Choose how you take it")), *list(ROUTE_LABELS.items())]


#: Routes in plain words (codes from ``codelists.ROUTE``).
ROUTE_LABELS = {
    "oral": _("By mouth"),
    "transdermal": _("Skin patch"),
    "iv": _("Into a vein"),
    "sc": _("Injection under the skin"),
    "im": _("Injection into a muscle"),
    "sublingual": _("Under the tongue or in the cheek"),
    "rectal": _("Suppository"),
    "intranasal": _("Nasal spray"),
}
assert set(ROUTE_LABELS) == set(cl.ROUTE.codes)


class PainkillersForm(forms.Form):
    """Each painkiller of the last visit (still / more / less / stopped) and anything else.

    Fields: ``line<i>`` (the answer), ``line<i>_dose`` and ``line<i>_per_day`` (the amount now,
    for more or less); ``extra<j>_drug``, ``_route``, ``_dose``, ``_unit``, ``_per_day`` for
    each other painkiller (a blank row is ignored).
    """

    def __init__(self, *args, previous: list[dict], n_extra: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.previous = previous
        self.n_extra = n_extra
        for i, _line in enumerate(previous):
            self.fields[f"line{i}"] = forms.ChoiceField(
                choices=[(s, STATUS_LABELS[s]) for s in STATUSES],
                widget=forms.RadioSelect,
                error_messages={"required": _("Say whether you still take it.")},
            )
            self.fields[f"line{i}_dose"] = forms.FloatField(label=_("Dose now"), required=False, min_value=0)
            self.fields[f"line{i}_per_day"] = forms.FloatField(label=_("Times a day now"), required=False, min_value=0)
        for j in range(n_extra):
            self.fields[f"extra{j}_drug"] = forms.ChoiceField(
                label=_("Medicine"), choices=_drug_choices(), required=False
            )
            self.fields[f"extra{j}_route"] = forms.ChoiceField(
                label=_("How you take it"), choices=_route_choices(), required=False
            )
            self.fields[f"extra{j}_dose"] = forms.FloatField(label=_("Dose"), required=False, min_value=0)
            self.fields[f"extra{j}_unit"] = forms.ChoiceField(
                label=_("Unit"), choices=cl.DOSE_UNIT.choices, required=False
            )
            self.fields[f"extra{j}_per_day"] = forms.FloatField(label=_("Times a day"), required=False, min_value=0)

    def clean(self):
        data = super().clean()
        messages = {
            "required": _("Say whether you still take it."),
            "amount": _("Give the dose and the times a day you take now."),
            "unchanged": _("You said the amount changed: give the dose or times a day you take now."),
        }
        for i, line in enumerate(self.previous):
            for field, code in line_errors(line, self.line_answer(i)).items():
                name = f"line{i}" if field == "status" else f"line{i}_{field}"
                if name not in self.errors:
                    self.add_error(name, messages[code])
        for j in range(self.n_extra):
            row = self.extra_row(j)
            if any(v not in (None, "") for k, v in row.items() if k != "unit") and not all(
                row.get(f) not in (None, "") for f in ("drug", "route", "dose", "unit", "per_day")
            ):
                self.add_error(f"extra{j}_drug", _("Give the medicine, how you take it, the dose and the times a day."))
        return data

    def line_answer(self, i: int) -> dict:
        """The answer about previous line ``i`` (``status``, ``dose``, ``per_day``)."""
        get = self.cleaned_data.get
        return {"status": get(f"line{i}"), "dose": get(f"line{i}_dose"), "per_day": get(f"line{i}_per_day")}

    def extra_row(self, j: int) -> dict:
        """Other painkiller ``j`` as an analgesic row (blank fields as None)."""
        get = self.cleaned_data.get
        return {f: get(f"extra{j}_{f}") or None for f in ("drug", "route", "dose", "unit", "per_day")}
