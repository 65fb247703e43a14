"""The answers a patient has given so far, saved as they go (resumed when the link reopens)."""

from __future__ import annotations

from django.db import models

from .link import PatientLink


class LinkDraft(models.Model):
    """Draft answers of one link: saved at every step, turned into the assessment on submit.

    Not audited row by row (a draft is not data until submitted; the submitted assessment is
    audited as the patient's); deleted content never leaves the link's patient.

    Attributes
    ----------
    answers : dict
        ``{"vas_worst": 6, "q1": 2, "painkillers": {...}, ...}`` as the pages parse them.
    step : str
        The code of the last screen the patient saved (where the link resumes).
    """

    link = models.OneToOneField(PatientLink, on_delete=models.CASCADE, related_name="draft")
    answers = models.JSONField(default=dict)
    step = models.CharField(max_length=20, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"draft of {self.link}"
