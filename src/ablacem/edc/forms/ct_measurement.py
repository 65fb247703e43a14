"""Uploading a post-procedure CT series, and the radiologist's ruling on its measurement."""

from __future__ import annotations

from django import forms

from ablacem.dataset.schema import IMAGING

from ._base import EdcForm
from ._fields import yes_no


class CtUploadForm(EdcForm):
    """The zipped series (one file)."""

    series = forms.FileField(
        label="Post-procedure CT series (.zip)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
        help_text="One axial CT series, zipped; measured in the background. The images are not kept.",
    )
    seed = forms.CharField(
        label="A point in the cement (optional)",
        required=False,
        max_length=60,
        help_text=(
            "x, y, z in mm (patient coordinates, as your viewer shows them under the cursor), e.g. -12.5, 30, 412. "
            "Without it the largest dense deposit is taken as the cement."
        ),
    )

    def clean_seed(self) -> list[float] | None:
        """Three numbers separated by commas, or nothing."""
        text = (self.cleaned_data.get("seed") or "").strip()
        if not text:
            return None
        parts = [p.strip() for p in text.split(",")]
        try:
            values = [float(p) for p in parts]
        except ValueError:
            values = []
        if len(values) != 3 or not all(abs(v) < 1e5 for v in values):
            raise forms.ValidationError("give three numbers in mm separated by commas: x, y, z")
        return values


class CtDecisionForm(EdcForm):
    """Accept, edit (corrected values and a reason) or reject one measurement."""

    DECISIONS = (("accept", "Accept"), ("edit", "Edit"), ("reject", "Reject"))

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    decision = forms.ChoiceField(label="Decision", choices=DECISIONS, widget=forms.RadioSelect)
    cement_ml = forms.FloatField(
        label=IMAGING.column("ct_cement_ml").label,
        required=False,
        help_text="Edit only: the corrected volume, mL.",
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "0"}),
    )
    leakage = yes_no(IMAGING.column("ct_leakage").label, help_text="Edit only.")
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required to edit or reject, and to accept into a post-procedure CT form already complete.",
    )
