"""The code of an authenticator app (TOTP), at enrolment and at login."""

from __future__ import annotations

from django import forms

from ._base import EdcForm


class TokenForm(EdcForm):
    """One field: the 6-digit code the authenticator app shows now."""

    #: Every role enrols and verifies its own authenticator (not a data-entry form).
    read_only_for_readers = False

    token = forms.CharField(
        label="Code from your authenticator app",
        max_length=10,
        help_text="6 digits; a new code appears every 30 seconds.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*", "autofocus": True}
        ),
    )
