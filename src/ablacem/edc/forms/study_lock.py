"""Requesting, confirming and lifting the database lock."""

from __future__ import annotations

from django import forms

from ._base import EdcForm


class LockRequestForm(EdcForm):
    """The data manager's request, with an optional note for the investigator."""

    read_only_for_readers = False
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class LockConfirmForm(EdcForm):
    """The investigator re-enters the password to confirm."""

    read_only_for_readers = False
    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class StudyUnlockForm(EdcForm):
    """Why the locked database is reopened."""

    read_only_for_readers = False
    reason = forms.CharField(label="Reason for unlocking", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class LockWithdrawForm(EdcForm):
    """Withdrawing a request not yet confirmed: nothing to fill in."""

    read_only_for_readers = False
