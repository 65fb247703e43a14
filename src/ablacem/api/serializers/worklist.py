"""The worklist, read-only."""

from __future__ import annotations

from rest_framework import serializers


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
