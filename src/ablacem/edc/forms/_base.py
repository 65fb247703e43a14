"""What every data-entry form shares: the version it was opened at, the reason for change, and
putting the services' per-field messages back next to the fields.

Forms render and parse only: the edit checks (ranges, codes, cross-field rules) run once, in
the services (:mod:`ablacem.edc.checks`), and :meth:`EdcForm.add_service_errors` shows their
messages next to the fields they name.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from ablacem.protocol import ranges as rg

from ..services._common import VERSION_REQUIRED

#: Shown when a form that was already complete is changed without a reason.
REASON_REQUIRED = "this form was already complete: give a reason for the change"


class EdcForm(forms.Form):
    """Base form: CSS hooks for required fields and errors, and service errors shown in place."""

    error_css_class = "has-error"
    required_css_class = "required"

    def add_service_errors(self, error: ValidationError, prefix_unknown: bool = True) -> None:
        """Show a service's ``ValidationError`` next to the fields it names.

        Messages about fields this form does not have go to the top of the form, naming the field.
        """
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                if field in self.fields and self.fields[field].widget.is_hidden:
                    for message in errors:  # a hidden field has no place on the page: say it at the top
                        self.add_error(None, message)
                elif field in self.fields:
                    for message in errors:
                        self.add_error(field, message)
                else:
                    label = field.replace("_", " ") if field != "__all__" else ""
                    for message in errors:
                        self.add_error(None, f"{label}: {message}" if label and prefix_unknown else message)
        else:
            for message in error.messages:
                self.add_error(None, message)


class ChangeControlForm(EdcForm):
    """A form editing an existing record: hidden ``version`` (optimistic locking) and a
    ``reason`` for change, required by the services when the form was already complete.

    When the view opens an existing record (``initial["version"]`` set), a post without a
    version is refused: a blank version would otherwise skip the optimistic lock.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Reason for change",
        required=False,
        max_length=rg.REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when changing a form that was already complete; kept in the audit trail.",
    )

    def __init__(self, *args, needs_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_reason = needs_reason
        self.fields["reason"].error_messages["required"] = REASON_REQUIRED
        self.editing = self.initial.get("version") is not None
        if needs_reason:
            self.fields["reason"].required = True
        else:
            self.fields["reason"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if self.editing and data.get("version") is None and "version" not in self.errors:
            # The field is hidden: the message goes to the top of the form, not next to it.
            self.add_error(None, VERSION_REQUIRED)
        return data

    def add_service_errors(self, error: ValidationError, prefix_unknown: bool = True) -> None:
        """As :meth:`EdcForm.add_service_errors`; a demanded reason shows the reason box."""
        if hasattr(error, "error_dict") and "reason" in error.error_dict and not self.needs_reason:
            self.needs_reason = True
            self.fields["reason"].widget = forms.Textarea(attrs={"rows": 2})
            self.fields["reason"].required = True
        super().add_service_errors(error, prefix_unknown)

    def change_control(self) -> dict:
        """``expected_version`` and ``reason`` for the service call."""
        return {"expected_version": self.cleaned_data.get("version"), "reason": self.cleaned_data.get("reason") or ""}
