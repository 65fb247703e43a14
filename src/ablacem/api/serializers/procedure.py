"""The procedure session and its treated lesions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ablacem.edc.models import Procedure, ProcedureLesion
from ablacem.edc.models.procedure import SESSION_FIELDS, TREATED_FIELDS

from .common import ReadSerializer, RecordSerializer, confirmed_field, reason_field


class TreatedLesionSerializer(ReadSerializer):
    """One treated lesion as read."""

    lesion = serializers.PrimaryKeyRelatedField(read_only=True)
    lesion_id = serializers.CharField(source="lesion.lesion_id", read_only=True)

    class Meta:
        model = ProcedureLesion
        fields = ("procedure_id", "lesion", "lesion_id", "version", *TREATED_FIELDS)
        read_only_fields = fields


class ProcedureSerializer(RecordSerializer):
    """The session as read, with its treated lesions."""

    patient = serializers.PrimaryKeyRelatedField(read_only=True)
    treated_lesions = serializers.SerializerMethodField()

    class Meta:
        model = Procedure
        fields = ("id", "patient", "version", "form_state", *SESSION_FIELDS, "treated_lesions")
        read_only_fields = fields

    @extend_schema_field(TreatedLesionSerializer(many=True))
    def get_treated_lesions(self, session):
        rows = session.treated_lesions.filter(is_deleted=False).select_related("lesion").order_by("procedure_id")
        return TreatedLesionSerializer(rows, many=True).data


class TreatedLesionWriteSerializer(serializers.ModelSerializer):
    """One treated lesion as sent: ``lesion`` is the key of one of the patient's lesions."""

    lesion = serializers.IntegerField(min_value=1, help_text="Key (id) of one of the patient's lesions.")

    class Meta:
        model = ProcedureLesion
        fields = ("lesion", *TREATED_FIELDS)


class ProcedureWriteSerializer(serializers.ModelSerializer):
    """The whole session as sent (lesions not listed leave the session)."""

    treated_lesions = TreatedLesionWriteSerializer(many=True)
    confirmed = confirmed_field()
    reason = reason_field()

    class Meta:
        model = Procedure
        fields = (*SESSION_FIELDS, "treated_lesions", "confirmed", "reason")
