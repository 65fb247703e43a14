"""CT follow-up of a lesion, by timepoint."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema

from ablacem.edc.models import Imaging, Lesion
from ablacem.edc.roles import Action
from ablacem.edc.services import imaging_record
from ablacem.protocol.timepoints import TIMEPOINT_CODES

from ..preconditions import expected_version
from ..serializers.imaging import ImagingSerializer, ImagingWriteSerializer
from ._base import ApiView

TAG = ["imaging"]
TIMEPOINT = OpenApiParameter(
    "timepoint", str, OpenApiParameter.PATH, enum=list(TIMEPOINT_CODES), description="Timepoint of the CT."
)


class LesionImaging(ApiView):
    """The CT readings of a lesion."""

    actions = {"GET": Action.VIEW_CLINICAL}
    serializer_class = ImagingSerializer

    @extend_schema(
        tags=TAG,
        summary="List a lesion's CT readings",
        operation_id="imaging_list",
        responses=ImagingSerializer(many=True),
    )
    def get(self, request, pk: int):
        lesion = self.get_or_404(self.visible(Lesion).active(), pk)
        rows = self.visible(Imaging).active().filter(lesion=lesion).order_by("timepoint", "pk")
        return self.page(rows, ImagingSerializer)


class ImagingDetail(ApiView):
    """One CT reading: PUT records it, or changes it with If-Match."""

    actions = {"GET": Action.VIEW_CLINICAL, "PUT": Action.EDIT}
    serializer_class = ImagingSerializer

    def _scan(self, lesion, timepoint: str):
        if timepoint not in TIMEPOINT_CODES:
            raise Http404
        return self.visible(Imaging).active().filter(lesion=lesion, timepoint=timepoint).first()

    @extend_schema(tags=TAG, summary="Read a CT reading", parameters=[TIMEPOINT])
    def get(self, request, pk: int, timepoint: str):
        scan = self._scan(self.get_or_404(self.visible(Lesion).active(), pk), timepoint)
        if scan is None:
            raise Http404
        return self.answer(scan, ImagingSerializer)

    @extend_schema(
        tags=TAG,
        summary="Record or change a CT reading",
        parameters=[TIMEPOINT],
        request=ImagingWriteSerializer,
        responses={200: ImagingSerializer, 201: ImagingSerializer},
    )
    def put(self, request, pk: int, timepoint: str):
        lesion = self.get_or_404(self.visible(Lesion).active(), pk)
        existing = self._scan(lesion, timepoint)
        version = expected_version(request) if existing is not None else None
        data = self.parsed(ImagingWriteSerializer)
        scan = imaging_record(
            lesion=lesion,
            timepoint=timepoint,
            expected_version=version,
            reason=data.pop("reason", ""),
            actor=self.actor,
            **data,
        )
        return self.answer(scan, ImagingSerializer, created=existing is None)
