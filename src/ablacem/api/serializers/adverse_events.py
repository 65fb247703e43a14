"""Adverse events (CIRSE grade, seriousness, causality); acknowledgement is its own call."""

from __future__ import annotations

from rest_framework import serializers

from ablacem.edc.models import AdverseEvent
from ablacem.protocol import codelists as cl

from .common import RecordSerializer, reason_field

AE_FIELDS = (
    "onset_date",
    "term",
    "cirse_grade",
    "serious",
    "related_to",
    "relation_procedure",
    "relation_ablation",
    "relation_cement",
    "expectedness",
    "action_taken",
    "ongoing",
    "resolution_date",
    "aware_date",
    "aware_time",
    "outcome",
    "description",
)
_CRITERIA = [c.code for c in cl.SERIOUSNESS_CRITERION]


class AdverseEventSerializer(RecordSerializer):
    """An adverse event as read."""

    patient = serializers.PrimaryKeyRelatedField(read_only=True)
    lesion = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    serious_criteria = serializers.ListField(child=serializers.ChoiceField(choices=_CRITERIA), read_only=True)
    ack_hours = serializers.FloatField(read_only=True, allow_null=True)
    acknowledged_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = AdverseEvent
        fields = (
            "id",
            "ae_id",
            "patient",
            "lesion",
            "version",
            "form_state",
            *AE_FIELDS,
            "serious_criteria",
            "acknowledged_at",
            "ack_hours",
        )
        read_only_fields = fields


class AdverseEventWriteSerializer(serializers.ModelSerializer):
    """An adverse event as sent (the whole event; ``lesion`` is the key of one of the patient's lesions)."""

    lesion = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    serious_criteria = serializers.ListField(
        child=serializers.ChoiceField(choices=_CRITERIA), required=False, default=list, max_length=len(_CRITERIA)
    )
    reason = reason_field()

    class Meta:
        model = AdverseEvent
        fields = (*AE_FIELDS, "lesion", "serious_criteria", "reason")
