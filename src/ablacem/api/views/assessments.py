"""A patient's scheduled visits, by timepoint: read, record (done) or mark not done."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema

from ablacem.edc.models import Assessment
from ablacem.edc.models.assessment import VISIT_VALUE_FIELDS
from ablacem.edc.roles import Action
from ablacem.edc.services import assessment_mark_not_done, assessment_record
from ablacem.protocol import codelists as cl
from ablacem.protocol.ranges import QLQC30_ITEMS
from ablacem.protocol.timepoints import TIMEPOINT_CODES

from ..preconditions import expected_version
from ..serializers.assessments import AssessmentSerializer, AssessmentWriteSerializer
from ._base import ApiView

TAG = ["assessments"]
TIMEPOINT = OpenApiParameter(
    "timepoint", str, OpenApiParameter.PATH, enum=list(TIMEPOINT_CODES), description="Scheduled timepoint."
)


class PatientAssessments(ApiView):
    """The visits recorded for a patient (done or not done)."""

    actions = {"GET": Action.VIEW_CLINICAL}
    serializer_class = AssessmentSerializer

    @extend_schema(
        tags=TAG,
        summary="List a patient's visits",
        operation_id="assessments_list",
        responses=AssessmentSerializer(many=True),
    )
    def get(self, request, pk: int):
        patient = self.patient(pk)
        rows = self.visible(Assessment).active().filter(patient=patient).order_by("timepoint", "pk")
        return self.page(rows, AssessmentSerializer)


class AssessmentDetail(ApiView):
    """One visit: PUT records it (``status`` done) or marks it not done; If-Match once it exists."""

    actions = {"GET": Action.VIEW_CLINICAL, "PUT": Action.EDIT}
    serializer_class = AssessmentSerializer

    def _visit(self, patient, timepoint: str):
        if timepoint not in TIMEPOINT_CODES:
            raise Http404
        return self.visible(Assessment).active().filter(patient=patient, timepoint=timepoint).first()

    @extend_schema(tags=TAG, summary="Read a visit", parameters=[TIMEPOINT])
    def get(self, request, pk: int, timepoint: str):
        visit = self._visit(self.patient(pk), timepoint)
        if visit is None:
            raise Http404
        return self.answer(visit, AssessmentSerializer)

    @extend_schema(
        tags=TAG,
        summary="Record a visit or mark it not done",
        parameters=[TIMEPOINT],
        request=AssessmentWriteSerializer,
        responses={200: AssessmentSerializer, 201: AssessmentSerializer},
    )
    def put(self, request, pk: int, timepoint: str):
        patient = self.patient(pk)
        existing = self._visit(patient, timepoint)
        version = expected_version(request) if existing is not None else None
        data = self.parsed(AssessmentWriteSerializer)
        common = {"patient": patient, "timepoint": timepoint, "expected_version": version, "actor": self.actor}
        if data["status"] == cl.DONE:
            visit = assessment_record(
                **common,
                assessed_on=data.get("assessed_on"),
                vas_worst=data.get("vas_worst"),
                vas_average=data.get("vas_average"),
                items={q: data.get(q) for q in QLQC30_ITEMS},
                analgesics=[dict(row) for row in data.get("analgesics", [])],
                out_of_window_reason=data.get("out_of_window_reason") or "",
                qlqc30_missing_reason=data.get("qlqc30_missing_reason") or "",
                complete=data["complete"],
                reason=data.get("reason", ""),
            )
        else:
            visit = assessment_mark_not_done(
                **common,
                status=data["status"],
                not_done_reason=data.get("not_done_reason", ""),
                reason=data.get("reason", ""),
            )
        return self.answer(visit, AssessmentSerializer, created=existing is None)


__all__ = ["VISIT_VALUE_FIELDS", "AssessmentDetail", "PatientAssessments"]
