"""Target lesions of a patient."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from ablacem.edc.models import Lesion
from ablacem.edc.roles import Action
from ablacem.edc.services import lesion_create, lesion_update

from ..preconditions import expected_version
from ..serializers.lesions import LesionSerializer, LesionWriteSerializer
from ._base import DELETE_HELP, ApiView

TAG = ["lesions"]


class PatientLesions(ApiView):
    """A patient's lesions; add one (its ID is assigned)."""

    actions = {"GET": Action.VIEW_CLINICAL, "POST": Action.EDIT}
    serializer_class = LesionSerializer

    @extend_schema(tags=TAG, summary="List a patient's lesions", responses=LesionSerializer(many=True))
    def get(self, request, pk: int):
        patient = self.patient(pk)
        return self.page(self.visible(Lesion).active().filter(patient=patient).order_by("lesion_id"), LesionSerializer)

    @extend_schema(tags=TAG, summary="Add a lesion", request=LesionWriteSerializer, responses={201: LesionSerializer})
    def post(self, request, pk: int):
        patient = self.patient(pk)
        data = self.parsed(LesionWriteSerializer)
        data.pop("reason", None)
        lesion = lesion_create(patient=patient, actor=self.actor, confirmed=data.pop("confirmed", ()), **data)
        return self.answer(lesion, LesionSerializer, created=True)


class LesionDetail(ApiView):
    """One lesion; PATCH changes it (If-Match, and a reason: the form is complete)."""

    actions = {"GET": Action.VIEW_CLINICAL, "PATCH": Action.EDIT, "DELETE": Action.EDIT}
    serializer_class = LesionSerializer

    @extend_schema(tags=TAG, summary="Read a lesion")
    def get(self, request, pk: int):
        return self.answer(self.get_or_404(self.visible(Lesion).active(), pk), LesionSerializer)

    @extend_schema(tags=TAG, summary="Change a lesion", request=LesionWriteSerializer)
    def patch(self, request, pk: int):
        lesion = self.get_or_404(self.visible(Lesion).active(), pk)
        version = expected_version(request)
        data = self.parsed(LesionWriteSerializer, partial=True)
        lesion = lesion_update(
            lesion=lesion,
            expected_version=version,
            reason=data.pop("reason", ""),
            confirmed=data.pop("confirmed", ()),
            actor=self.actor,
            **data,
        )
        return self.answer(lesion, LesionSerializer)

    @extend_schema(
        tags=TAG,
        summary="Delete (soft)",
        request=None,
        responses={204: None},
        description=DELETE_HELP,
    )
    def delete(self, request, pk: int):
        return self.soft_delete(self.get_or_404(self.visible(Lesion).active(), pk))
