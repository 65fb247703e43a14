"""Signing a casebook (password re-entry, and a confirmation while follow-up is open) and unlocking it (reason)."""

from __future__ import annotations

from django import forms

from ablacem.protocol import ranges as rg

from ..services.casebook import CONFIRM_OPEN_FOLLOW_UP
from ._base import EdcForm


class SignForm(EdcForm):
    """The investigator re-enters the password (and, at the first signing of a session, the
    username) to sign; before the end of study, also confirms.

    Parameters
    ----------
    follow_up_over : bool
        Whether the end of study is recorded (:func:`ablacem.edc.selectors.follow_up_is_over`);
        until then the form has the required box ``confirm_open_follow_up``.
    ask_username : bool
        The first signing of a session: both components, username and password, are entered
        (21 CFR 11.200(a)(1)(i)); later signings of the session have no ``username`` field.
    """

    confirm_open_follow_up = forms.BooleanField(
        label=(
            "I sign before the end of follow-up: the visits still to come will be locked "
            "until a data manager unlocks the casebook"
        ),
        required=True,
    )
    username = forms.CharField(
        label="Your username",
        max_length=150,
        help_text="Asked at your first signature of this session; later signatures need the password only.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, follow_up_over: bool, ask_username: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_username:
            del self.fields["username"]
        if follow_up_over:
            del self.fields["confirm_open_follow_up"]
        else:
            self.fields["confirm_open_follow_up"].error_messages["required"] = CONFIRM_OPEN_FOLLOW_UP

    def entered_username(self) -> str | None:
        """The username entered (None when the form did not ask for it)."""
        return self.cleaned_data.get("username") if "username" in self.fields else None

    def confirmed_open_follow_up(self) -> bool:
        """Whether the investigator ticked the confirmation (False when the form has none)."""
        return bool(self.cleaned_data.get("confirm_open_follow_up"))


class UnlockForm(EdcForm):
    """The data manager says why the signed casebook is reopened."""

    #: The one form of a signed casebook that stays editable: it is how the casebook reopens.
    read_only_when_signed = False

    reason = forms.CharField(
        label="Reason for unlocking", max_length=rg.REASON_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 2})
    )
