"""Queries as read, and the bodies of their actions: open, answer, close, re-open."""

from __future__ import annotations

from rest_framework import serializers

from ablacem.edc.form_kinds import FORM_KINDS
from ablacem.edc.models import Query

TEXT_MAX_CHARS = 4000


class QueryOpenSerializer(serializers.Serializer):
    """A query on one form (``field_name`` blank) or one of its fields."""

    form = serializers.ChoiceField(choices=list(FORM_KINDS))
    record = serializers.IntegerField(min_value=1, help_text="Key (id) of the form's record.")
    field_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    question = serializers.CharField(max_length=TEXT_MAX_CHARS)


class QueryAnswerSerializer(serializers.Serializer):
    """The site's answer (a value is changed through the form's own endpoint first)."""

    text = serializers.CharField(max_length=TEXT_MAX_CHARS)
    value_changed = serializers.BooleanField(required=False, default=False)


class QueryNoteSerializer(serializers.Serializer):
    """What the opener says when closing (optional) or re-opening (required by the service)."""

    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_MAX_CHARS)


class QuerySerializer(serializers.ModelSerializer):
    """A query on a form or a field, with its thread."""

    patient = serializers.PrimaryKeyRelatedField(read_only=True)
    messages = serializers.SerializerMethodField()

    class Meta:
        model = Query
        fields = (
            "id",
            "patient",
            "form",
            "record_pk",
            "field_name",
            "question",
            "state",
            "opener_role",
            "created_at",
            "closed_at",
            "messages",
        )
        read_only_fields = fields

    def get_messages(self, query) -> list[dict[str, str]]:
        return [
            {"kind": m.kind, "text": m.text, "author": m.author_label, "at": m.created_at.isoformat()}
            for m in query.messages.order_by("created_at", "pk")
        ]
