"""Creating a user account with one study role."""

from __future__ import annotations

from django import forms

from .. import usernames
from ..roles import ROLE_LABELS, Role
from ..services.users import FULL_NAME_MAX_LENGTH
from ._base import EdcForm

#: What each role may do, in a few words, next to its name in the role choice.
ROLE_SUMMARIES = {
    Role.COORDINATOR: "enters and edits data, sees identifiers",
    Role.INVESTIGATOR: "as coordinator, and signs casebooks",
    Role.DATA_MANAGER: "everything, unlocks, manages users, exports",
    Role.MONITOR: "reads everything, changes nothing",
    Role.STATISTICIAN: "de-identified exports and the report only",
}
ROLE_CHOICES = tuple((role.value, f"{ROLE_LABELS[role]}: {summary}") for role, summary in ROLE_SUMMARIES.items())


class UserCreateForm(EdcForm):
    """Username, full name, e-mail, role and an initial password (checked by Django's validators)."""

    username = forms.CharField(
        label="Username",
        max_length=usernames.MAX_LENGTH,
        help_text="Letters, digits, '.', '_' or '-', starting with a letter or digit.",
    )
    full_name = forms.CharField(
        label="Full name",
        max_length=FULL_NAME_MAX_LENGTH,
        help_text="As printed with the user's signature and in the audit trail.",
    )
    email = forms.EmailField(label="E-mail", required=False)
    role = forms.ChoiceField(label="Role", choices=[("", "—"), *ROLE_CHOICES])
    password1 = forms.CharField(
        label="Initial password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="Initial password again", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, site_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        if len(site_choices) > 1:  # a single-site installation asks nothing: everyone is at its site
            self.fields["sites"] = forms.MultipleChoiceField(
                label="Sites",
                choices=site_choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="The sites whose patients the user sees and changes.",
            )
            self.fields["whole_study"] = forms.BooleanField(
                label="The whole study (every site, present and future)",
                required=False,
                help_text="Data managers, monitors and statisticians only.",
            )

    def site_data(self) -> dict:
        """The chosen sites and whole-study flag, as :func:`ablacem.edc.services.user_create` takes them."""
        return {
            "sites": self.cleaned_data.get("sites") or [],
            "whole_study": bool(self.cleaned_data.get("whole_study")),
        }

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", "the two passwords differ")
        return data

    def add_service_errors(self, error, prefix_unknown: bool = True) -> None:
        """The service names the password ``password``; show it next to the first password box."""
        if hasattr(error, "error_dict") and "password" in error.error_dict:
            error.error_dict["password1"] = error.error_dict.pop("password")
        super().add_service_errors(error, prefix_unknown)
