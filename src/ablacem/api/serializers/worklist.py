"""The worklist and the data-management queries, read-only."""

from __future__ import annotations

from rest_framework import serializers

from ablacem.edc.models import Query


class WorklistRowSerializer(serializers.Serializer):
    """One visit or scan due (``ablacem.edc.selectors.worklist``)."""

    patient = serializers.IntegerField(source="patient_pk")
    study_id = serializers.CharField()
    kind = serializers.CharField()
    timepoint = serializers.CharField()
    label = serializers.CharField()
    target = serializers.DateField()
    window_lower = serializers.DateField()
    window_upper = serializers.DateField()
    state = serializers.CharField()
    bucket = serializers.CharField()
    lesion = serializers.IntegerField(source="lesion_pk", allow_null=True)
    lesion_id = serializers.CharField()


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
