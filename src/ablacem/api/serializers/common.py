"""Fields every write body shares."""

from __future__ import annotations

from rest_framework import serializers

from ablacem.protocol import ranges as rg


def reason_field():
    """The reason for change: required by the service when changing a complete form."""
    return serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=rg.REASON_MAX_CHARS,
        help_text="Reason for change; required when changing a complete form.",
    )


def confirmed_field():
    """Soft edit-check findings the client confirms (as the forms' confirmation boxes)."""
    return serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        max_length=20,
        help_text="Soft edit-check findings confirmed (e.g. cement_ml, leak_without_event).",
    )


class ReadSerializer(serializers.ModelSerializer):
    """A read-only model serializer whose coded fields that may be blank say so in the schema
    (DRF drops ``allow_blank`` from read-only fields; the answers do hold ``""``)."""

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        allow_blank = kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank and "choices" in kwargs:
            kwargs["allow_blank"] = True
        return kwargs


class RecordSerializer(ReadSerializer):
    """Output of a clinical record: its key, version (the ETag) and form state, read-only."""

    id = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    form_state = serializers.CharField(read_only=True)
