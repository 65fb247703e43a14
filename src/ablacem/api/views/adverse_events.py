"""A patient's adverse events: list, record, read, change, acknowledge (serious events)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema

from ablacem.edc.models import AdverseEvent, Lesion
from ablacem.edc.roles import Action
from ablacem.edc.services import adverse_event_acknowledge, adverse_event_record

from ..preconditions import expected_version
from ..serializers.adverse_events import AdverseEventSerializer, AdverseEventWriteSerializer
from ._base import DELETE_HELP, ApiView

TAG = ["adverse events"]


class _EventWrite(ApiView):
    def _record(self, patient, *, event=None, version=None):
        data = self.parsed(AdverseEventWriteSerializer)
        lesion_pk = data.pop("lesion")
        lesion = None
        if lesion_pk is not None:
            lesion = self.visible(Lesion).active().filter(patient=patient, pk=lesion_pk).first()
            if lesion is None:
                raise ValidationError({"lesion": [f"{lesion_pk} is not the key of a lesion of this patient"]})
        return adverse_event_record(
            patient=patient,
            lesion=lesion,
            adverse_event=event,
            expected_version=version,
            reason=data.pop("reason", ""),
            actor=self.actor,
            **data,
        )


class PatientAdverseEvents(_EventWrite):
    """A patient's adverse events; record one (its ID is assigned)."""

    actions = {"GET": Action.VIEW_CLINICAL, "POST": Action.EDIT}
    serializer_class = AdverseEventSerializer

    @extend_schema(tags=TAG, summary="List a patient's adverse events", responses=AdverseEventSerializer(many=True))
    def get(self, request, pk: int):
        patient = self.patient(pk)
        return self.page(
            self.visible(AdverseEvent).active().filter(patient=patient).order_by("ae_id"), AdverseEventSerializer
        )

    @extend_schema(
        tags=TAG,
        summary="Record an adverse event",
        request=AdverseEventWriteSerializer,
        responses={201: AdverseEventSerializer},
    )
    def post(self, request, pk: int):
        return self.answer(self._record(self.patient(pk)), AdverseEventSerializer, created=True)


class AdverseEventDetail(_EventWrite):
    """One adverse event; PUT replaces it (If-Match and a reason)."""

    actions = {"GET": Action.VIEW_CLINICAL, "PUT": Action.EDIT, "DELETE": Action.EDIT}
    serializer_class = AdverseEventSerializer

    @extend_schema(tags=TAG, summary="Read an adverse event")
    def get(self, request, pk: int):
        return self.answer(self.get_or_404(self.visible(AdverseEvent).active(), pk), AdverseEventSerializer)

    @extend_schema(tags=TAG, summary="Change an adverse event", request=AdverseEventWriteSerializer)
    def put(self, request, pk: int):
        event = self.get_or_404(self.visible(AdverseEvent).active(), pk)
        version = expected_version(request)
        return self.answer(self._record(event.patient, event=event, version=version), AdverseEventSerializer)

    @extend_schema(
        tags=TAG,
        summary="Delete (soft)",
        request=None,
        responses={204: None},
        description=DELETE_HELP,
    )
    def delete(self, request, pk: int):
        return self.soft_delete(self.get_or_404(self.visible(AdverseEvent).active(), pk))


class AdverseEventAcknowledge(ApiView):
    """An investigator acknowledges a serious adverse event (stops its 24-hour clock); If-Match."""

    actions = {"POST": Action.ACKNOWLEDGE_SAE}
    serializer_class = AdverseEventSerializer

    @extend_schema(tags=TAG, summary="Acknowledge a serious adverse event", request=None)
    def post(self, request, pk: int):
        event = self.get_or_404(self.visible(AdverseEvent).active(), pk)
        version = expected_version(request)
        event = adverse_event_acknowledge(adverse_event=event, expected_version=version, actor=self.actor)
        return self.answer(event, AdverseEventSerializer)
