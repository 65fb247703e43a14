"""Scheduled visits: VAS, analgesics and QLQ-C30 items in; the QLQ-C30 scores out, read-only."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ablacem.edc.models import Analgesic, Assessment
from ablacem.edc.models.assessment import ANALGESIC_FIELDS, VISIT_VALUE_FIELDS
from ablacem.edc.selectors.visit_scores import qlqc30_scores
from ablacem.protocol import codelists as cl
from ablacem.protocol import ranges as rg

from .common import ReadSerializer, RecordSerializer, reason_field


class AnalgesicSerializer(ReadSerializer):
    """One analgesic line of a visit."""

    class Meta:
        model = Analgesic
        fields = ANALGESIC_FIELDS


class ScoreSerializer(serializers.Serializer):
    """One QLQ-C30 scale score (EORTC scoring manual, 3rd edition), computed, read-only."""

    code = serializers.CharField()
    label = serializers.CharField()
    score = serializers.FloatField(allow_null=True)


class AssessmentSerializer(RecordSerializer):
    """A visit as read, with its analgesics and QLQ-C30 scores."""

    patient = serializers.PrimaryKeyRelatedField(read_only=True)
    analgesics = serializers.SerializerMethodField()
    scores = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = (
            "id",
            "patient",
            "timepoint",
            "version",
            "form_state",
            "status",
            "not_done_reason",
            *VISIT_VALUE_FIELDS,
            "source",
            "staff_corrected",
            "analgesics",
            "scores",
        )
        read_only_fields = fields

    @extend_schema_field(AnalgesicSerializer(many=True))
    def get_analgesics(self, visit):
        rows = visit.analgesics.filter(is_deleted=False).order_by("position", "id")
        return AnalgesicSerializer(rows, many=True).data

    @extend_schema_field(ScoreSerializer(many=True))
    def get_scores(self, visit):
        if visit.status != cl.DONE:
            return []
        return [{"code": c, "label": label, "score": s} for c, label, s in qlqc30_scores(visit)]


class AssessmentWriteSerializer(serializers.ModelSerializer):
    """A visit as sent. ``status`` ``done`` records the visit (date, VAS, items ``q1``-``q30``,
    analgesics); ``missed``, ``died`` or ``withdrawn`` marks it not done with ``not_done_reason``."""

    status = serializers.ChoiceField(choices=sorted(cl.NOT_DONE | {cl.DONE}))
    not_done_reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=rg.REASON_MAX_CHARS
    )
    analgesics = AnalgesicSerializer(many=True, required=False, default=list)
    complete = serializers.BooleanField(required=False, default=True, help_text="False saves a draft.")
    reason = reason_field()

    class Meta:
        model = Assessment
        fields = ("status", "not_done_reason", *VISIT_VALUE_FIELDS, "analgesics", "complete", "reason")
