"""CT follow-up of a treated lesion."""

from __future__ import annotations

from rest_framework import serializers

from ablacem.edc.models import Imaging

from .common import RecordSerializer, reason_field

IMAGING_FIELDS = ("imaged_on", "local_status", "distant_progression", "ct_cement_ml", "ct_leakage")


class ImagingSerializer(RecordSerializer):
    """A scan reading as read."""

    lesion = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Imaging
        fields = ("id", "lesion", "timepoint", "version", "form_state", *IMAGING_FIELDS)
        read_only_fields = fields


class ImagingWriteSerializer(serializers.ModelSerializer):
    """A scan reading as sent."""

    reason = reason_field()

    class Meta:
        model = Imaging
        fields = (*IMAGING_FIELDS, "reason")
