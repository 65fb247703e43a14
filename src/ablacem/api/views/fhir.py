"""A patient's FHIR R4 transaction Bundle (issue 14), as the exports page's FHIR download builds it.

The tidy dataset of that one patient (:func:`ablacem.edc.selectors.tidy_dataset`) goes through
:func:`ablacem.interop.fhir.patient_bundle`: de-identified (pseudonym, dates moved by the
patient's secret shift kept in the database, no name, birth date or hospital number) unless an
identified-export role asks ``?identified=true``. Each Bundle served is recorded as an export.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from ablacem.edc.models import AuditEventKind, Patient
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors import patient_date_shifts, pseudonym_key, tidy_dataset
from ablacem.edc.services import audit_event_record

from ..renderers import FhirJsonRenderer
from ._base import ApiView


class PatientFhirBundle(ApiView):
    """One patient as a FHIR R4 transaction Bundle (roles allowed a de-identified export)."""

    actions = {"GET": Action.EXPORT_DEIDENTIFIED}
    renderer_classes = [FhirJsonRenderer, JSONRenderer]

    @extend_schema(
        tags=["patients"],
        summary="The patient's FHIR R4 Bundle",
        description="A transaction Bundle (http://hl7.org/fhir/R4/bundle.html). De-identified unless "
        "``identified=true`` (identified-export roles only).",
        parameters=[OpenApiParameter("identified", OpenApiTypes.BOOL, required=False)],
        responses={
            (200, FhirJsonRenderer.media_type): OpenApiResponse(
                OpenApiTypes.OBJECT, description="A FHIR R4 Bundle of type transaction"
            )
        },
    )
    def get(self, request, pk: int):
        from ablacem.interop.fhir import patient_bundle, validate_bundle

        identified = request.query_params.get("identified", "").lower() in ("1", "true", "yes")
        actor = self.actor
        if identified and not can(actor, Action.EXPORT_IDENTIFIED):
            raise PermissionDenied("your role does not allow identified exports")
        action = Action.EXPORT_IDENTIFIED if identified else Action.EXPORT_DEIDENTIFIED
        patient = self.get_or_404(Patient.objects.visible_to(actor, action).active(), pk)
        dataset = tidy_dataset(
            include_identifiers=identified, validate_schema=False, actor=actor, action=action, patient_pks=[patient.pk]
        )
        if identified:
            bundle = patient_bundle(dataset, patient.study_id, deidentify=False)
        else:
            shift = patient_date_shifts().get(patient.study_id)
            shifts = None if shift is None else {patient.study_id: shift}
            bundle = patient_bundle(dataset, patient.study_id, deidentify=True, key=pseudonym_key(), shifts=shifts)
        validate_bundle(bundle)
        audit_event_record(
            actor=actor,
            kind=AuditEventKind.EXPORT,
            detail="FHIR R4 Bundle of one patient through the API"
            + ("" if identified else " (de-identified, dates shifted per patient)"),
            identified=identified,
        )
        return Response(bundle, content_type=FhirJsonRenderer.media_type)
