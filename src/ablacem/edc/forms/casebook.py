"""Signing a casebook (password re-entry) and unlocking it (reason)."""

from __future__ import annotations

from django import forms

from ._base import EdcForm


class SignForm(EdcForm):
    """The investigator re-enters the password to sign."""

    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class UnlockForm(EdcForm):
    """The data manager says why the signed casebook is reopened."""

    reason = forms.CharField(label="Reason for unlocking", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
