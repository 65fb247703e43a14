"""Adverse events (CIRSE grade, seriousness, causality); acknowledgement is its own call."""

from __future__ import annotations

from rest_framework import serializers

from ablacem.dataset.schema import ADVERSE_EVENTS, SERIOUS_CRITERIA_COLUMNS
from ablacem.edc.models import AdverseEvent
from ablacem.protocol import codelists as cl

from .common import RecordSerializer, reason_field

#: The event's own columns as the field registry declares them (``dataset/schema.py``): not
#: the keys, not the seriousness criteria (one list, ``serious_criteria``), not ``ack_hours``
#: (computed at acknowledgement); plus the time the site became aware, which the tidy dataset
#: folds into ``ack_hours``.
AE_FIELDS = (
    *(
        c.name
        for c in ADVERSE_EVENTS.columns
        if c.name not in ("ae_id", "patient_id", "lesion_id", "ack_hours") and c.name not in SERIOUS_CRITERIA_COLUMNS
    ),
    "aware_time",
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
