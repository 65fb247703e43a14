"""A patient's procedure session (one per patient): read, record or change it whole."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.utils import extend_schema

from ablacem.edc.models import Lesion, Procedure
from ablacem.edc.models.procedure import TREATED_PREFIX
from ablacem.edc.roles import Action
from ablacem.edc.services import procedure_record

from ..preconditions import expected_version
from ..serializers.procedure import ProcedureSerializer, ProcedureWriteSerializer
from ._base import ApiView

TAG = ["procedure"]


class PatientProcedure(ApiView):
    """GET the session; PUT records it (no If-Match the first time) or replaces it (If-Match)."""

    actions = {"GET": Action.VIEW_CLINICAL, "PUT": Action.EDIT}
    serializer_class = ProcedureSerializer

    def _session(self, patient):
        return self.visible(Procedure).active().filter(patient=patient).first()

    @extend_schema(tags=TAG, summary="Read the procedure")
    def get(self, request, pk: int):
        session = self._session(self.patient(pk))
        if session is None:
            raise Http404
        return self.answer(session, ProcedureSerializer)

    @extend_schema(
        tags=TAG,
        summary="Record or change the procedure",
        request=ProcedureWriteSerializer,
        responses={200: ProcedureSerializer, 201: ProcedureSerializer},
    )
    def put(self, request, pk: int):
        patient = self.patient(pk)
        existing = self._session(patient)
        version = expected_version(request) if existing is not None else None
        data = self.parsed(ProcedureWriteSerializer)
        lesions = {x.pk: x for x in self.visible(Lesion).active().filter(patient=patient)}
        unknown = {
            f"{TREATED_PREFIX}-{i}-lesion": [f"{row['lesion']} is not the key of a lesion of this patient"]
            for i, row in enumerate(data["treated_lesions"])
            if row["lesion"] not in lesions
        }
        if unknown:
            raise ValidationError(unknown)
        rows = [{**row, "lesion": lesions[row["lesion"]]} for row in data.pop("treated_lesions")]
        session = procedure_record(
            patient=patient,
            treated_lesions=rows,
            expected_version=version,
            reason=data.pop("reason", ""),
            confirmed=data.pop("confirmed", ()),
            actor=self.actor,
            **data,
        )
        return self.answer(session, ProcedureSerializer, created=existing is None)
