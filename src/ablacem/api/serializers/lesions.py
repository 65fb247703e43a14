"""Target lesions; region and the SINS and Mirels totals are computed by the service."""

from __future__ import annotations

from rest_framework import serializers

from ablacem.edc.models import Lesion
from ablacem.edc.models.lesion import LESION_FIELDS

from .common import RecordSerializer, confirmed_field, reason_field


class LesionSerializer(RecordSerializer):
    """A lesion as read."""

    patient = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Lesion
        fields = (
            "id",
            "lesion_id",
            "patient",
            "version",
            "form_state",
            "region",
            *LESION_FIELDS,
            "sins_total",
            "mirels_total",
        )
        read_only_fields = fields


class LesionWriteSerializer(serializers.ModelSerializer):
    """A lesion as sent (create: ``site`` and ``lesion_type`` required; update: only what changes)."""

    confirmed = confirmed_field()
    reason = reason_field()

    class Meta:
        model = Lesion
        fields = (*LESION_FIELDS, "confirmed", "reason")
