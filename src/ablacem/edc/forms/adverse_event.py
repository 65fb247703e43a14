"""An adverse event (complication), at any time, graded with CIRSE (Filippiadis et al. 2017)."""

from __future__ import annotations

from django import forms

from ablacem.dataset.schema import ADVERSE_EVENTS
from ablacem.protocol import codelists as cl

from ._base import ChangeControlForm
from ._fields import column_field


class AdverseEventForm(ChangeControlForm):
    """Onset, term, CIRSE grade, seriousness, relation, outcome, the lesion (optional) and a description."""

    lesion = forms.TypedChoiceField(label="Lesion", required=False, coerce=int, empty_value=None, choices=())
    onset_date = column_field(ADVERSE_EVENTS, "onset_date")
    term = column_field(ADVERSE_EVENTS, "term")
    cirse_grade = column_field(ADVERSE_EVENTS, "cirse_grade")
    serious = column_field(ADVERSE_EVENTS, "serious")
    serious_criteria = forms.MultipleChoiceField(
        label="Seriousness criteria (ICH E2A)",
        choices=cl.SERIOUSNESS_CRITERION.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For a serious event, every criterion it meets; none for a non-serious event. "
        "CIRSE grade 3 or more is serious.",
    )
    related_to = column_field(ADVERSE_EVENTS, "related_to")
    outcome = column_field(ADVERSE_EVENTS, "outcome")
    description = column_field(ADVERSE_EVENTS, "description")

    FIELDS = (
        "onset_date",
        "term",
        "cirse_grade",
        "serious",
        "serious_criteria",
        "related_to",
        "outcome",
        "description",
    )

    def __init__(self, *args, lesions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lesions = {lesion.pk: lesion for lesion in lesions}
        self.fields["lesion"].choices = [("", "Not lesion-specific")] + [
            (lesion.pk, f"{lesion.lesion_id} ({lesion.site})") for lesion in lesions
        ]

    def data_for_service(self) -> dict:
        data = {f: self.cleaned_data.get(f) for f in self.FIELDS}
        data["outcome"] = data["outcome"] or ""
        data["lesion"] = self.lesions.get(self.cleaned_data.get("lesion"))
        return data
