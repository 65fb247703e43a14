"""Patients: list and enrol, read and change, identifying data, end of study."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from ablacem.edc.models import PatientIdentity
from ablacem.edc.roles import Action
from ablacem.edc.services import end_of_study_record, patient_enrol, patient_identity_update, patient_update

from ..preconditions import expected_version
from ..serializers.patients import (
    EndOfStudySerializer,
    IdentitySerializer,
    IdentityUpdateSerializer,
    PatientEnrolSerializer,
    PatientSerializer,
    PatientUpdateSerializer,
)
from ._base import ApiView

TAG = ["patients"]


class PatientList(ApiView):
    """The patients this user may see; enrol one."""

    actions = {"GET": Action.VIEW_CLINICAL, "POST": Action.EDIT}
    serializer_class = PatientSerializer

    @extend_schema(
        tags=TAG, summary="List patients", operation_id="patients_list", responses=PatientSerializer(many=True)
    )
    def get(self, request):
        return self.page(
            self.visible(self.serializer_class.Meta.model).active().select_related("site").order_by("study_id"),
            PatientSerializer,
        )

    @extend_schema(
        tags=TAG, summary="Enrol a patient", request=PatientEnrolSerializer, responses={201: PatientSerializer}
    )
    def post(self, request):
        patient = patient_enrol(**self.parsed(PatientEnrolSerializer), actor=self.actor)
        return self.answer(patient, PatientSerializer, created=True)


class PatientDetail(ApiView):
    """One patient; PATCH changes enrolment data (If-Match and a reason: the form is complete)."""

    actions = {"GET": Action.VIEW_CLINICAL, "PATCH": Action.EDIT}
    serializer_class = PatientSerializer

    @extend_schema(tags=TAG, summary="Read a patient")
    def get(self, request, pk: int):
        return self.answer(self.patient(pk), PatientSerializer)

    @extend_schema(tags=TAG, summary="Change enrolment data", request=PatientUpdateSerializer)
    def patch(self, request, pk: int):
        patient = self.patient(pk)
        version = expected_version(request)
        data = self.parsed(PatientUpdateSerializer, partial=True)
        reason = data.pop("reason", "")
        patient = patient_update(patient=patient, expected_version=version, reason=reason, actor=self.actor, **data)
        return self.answer(patient, PatientSerializer)


class PatientIdentityDetail(ApiView):
    """The identifying data of a patient (roles that see identifiers only)."""

    actions = {"GET": Action.VIEW_IDENTIFIERS, "PUT": Action.EDIT}
    serializer_class = IdentitySerializer

    @extend_schema(tags=TAG, summary="Read identifying data")
    def get(self, request, pk: int):
        identity = self.visible(PatientIdentity).filter(patient=self.patient(pk)).first()
        if identity is None:
            raise Http404
        return self.answer(identity, IdentitySerializer)

    @extend_schema(tags=TAG, summary="Replace identifying data", request=IdentityUpdateSerializer)
    def put(self, request, pk: int):
        patient = self.patient(pk)
        version = expected_version(request)
        data = self.parsed(IdentityUpdateSerializer)
        identity = patient_identity_update(
            patient=patient, expected_version=version, reason=data.pop("reason", ""), actor=self.actor, **data
        )
        return self.answer(identity, IdentitySerializer)


class EndOfStudy(ApiView):
    """The end of study, recorded on the patient (If-Match: the patient's ETag)."""

    actions = {"PUT": Action.EDIT}
    serializer_class = PatientSerializer

    @extend_schema(tags=TAG, summary="Record the end of study", request=EndOfStudySerializer)
    def put(self, request, pk: int) -> Response:
        patient = self.patient(pk)
        version = expected_version(request)
        data = self.parsed(EndOfStudySerializer)
        patient = end_of_study_record(
            patient=patient, expected_version=version, reason=data.pop("reason", ""), actor=self.actor, **data
        )
        return self.answer(patient, PatientSerializer)
