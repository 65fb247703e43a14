"""Deleting a record entered in error: a reason, kept in the audit trail (the record stays, flagged)."""

from __future__ import annotations

from django import forms

from ablacem.protocol import ranges as rg

from ._base import EdcForm


class DeleteForm(EdcForm):
    """The reason for deleting, and the version the user saw (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Why delete this record", max_length=rg.REASON_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )
