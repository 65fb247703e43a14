"""An adverse event (complication), at any time, graded with CIRSE (Filippiadis et al. 2017)."""

from __future__ import annotations

from django import forms

from ablacem.dataset.schema import ADVERSE_EVENTS
from ablacem.protocol import codelists as cl

from ._base import ChangeControlForm
from ._fields import column_field

#: Coded fields stored as "" when left blank (the model's text fields are not nullable).
OPTIONAL_CODED = (
    "outcome",
    "relation_procedure",
    "relation_ablation",
    "relation_cement",
    "expectedness",
    "action_taken",
)


class AdverseEventForm(ChangeControlForm):
    """Onset, term, CIRSE grade, seriousness, causality, expectedness, action, awareness, course and outcome.

    Also the lesion (optional) and a description. Causality, expectedness and action are
    asked of every new event, though the columns allow blanks for events recorded before them.
    """

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
    relation_procedure = column_field(ADVERSE_EVENTS, "relation_procedure", required=True)
    relation_ablation = column_field(ADVERSE_EVENTS, "relation_ablation", required=True)
    relation_cement = column_field(ADVERSE_EVENTS, "relation_cement", required=True)
    expectedness = column_field(ADVERSE_EVENTS, "expectedness", required=True)
    action_taken = column_field(ADVERSE_EVENTS, "action_taken", required=True)
    aware_date = column_field(ADVERSE_EVENTS, "aware_date", required=True)
    aware_time = forms.TimeField(
        label="Time staff became aware",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="When known; otherwise the clock of a serious event starts at midnight of that day.",
    )
    ongoing = column_field(ADVERSE_EVENTS, "ongoing", required=True)
    resolution_date = column_field(ADVERSE_EVENTS, "resolution_date")
    outcome = column_field(ADVERSE_EVENTS, "outcome")
    description = column_field(ADVERSE_EVENTS, "description")

    FIELDS = (
        "onset_date",
        "term",
        "cirse_grade",
        "serious",
        "serious_criteria",
        "related_to",
        "relation_procedure",
        "relation_ablation",
        "relation_cement",
        "expectedness",
        "action_taken",
        "aware_date",
        "aware_time",
        "ongoing",
        "resolution_date",
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
        for optional in OPTIONAL_CODED:
            data[optional] = data[optional] or ""
        data["lesion"] = self.lesions.get(self.cleaned_data.get("lesion"))
        return data
