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
