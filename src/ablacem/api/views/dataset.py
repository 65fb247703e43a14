"""The tidy dataset export: de-identified (statisticians and anyone allowed), or identified."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from ablacem.edc.models.audit_event import AuditEventKind
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors import tidy_dataset
from ablacem.edc.selectors.deidentified import deidentified_tidy_dataset
from ablacem.edc.services import audit_event_record

from ._base import ApiView

DatasetBody = inline_serializer(
    "TidyDataset",
    {
        "identified": serializers.BooleanField(),
        "tables": serializers.DictField(
            child=serializers.ListField(child=serializers.DictField()),
            help_text="Each table of the tidy dataset (docs/dataset.md) as a list of rows.",
        ),
    },
)


class Dataset(ApiView):
    """The tidy dataset as JSON tables; ``?identified=true`` adds identifiers (identified-export roles)."""

    actions = {"GET": Action.EXPORT_DEIDENTIFIED}

    @extend_schema(
        tags=["dataset"],
        summary="Export the tidy dataset",
        parameters=[OpenApiParameter("identified", OpenApiTypes.BOOL, required=False)],
        responses={200: DatasetBody},
    )
    def get(self, request):
        identified = request.query_params.get("identified", "").lower() in ("1", "true", "yes")
        actor = self.actor
        if identified and not can(actor, Action.EXPORT_IDENTIFIED):
            raise PermissionDenied("your role does not allow identified exports")
        if identified:
            dataset = tidy_dataset(
                include_identifiers=True, validate_schema=False, actor=actor, action=Action.EXPORT_IDENTIFIED
            )
        else:
            dataset = deidentified_tidy_dataset(validate_schema=False, actor=actor)
        tables = {
            name: json.loads(frame.to_json(orient="records", date_format="iso", date_unit="s"))
            for name, frame in dataset.tables.items()
            if identified or name != "identifiers"
        }
        audit_event_record(
            actor=actor,
            kind=AuditEventKind.EXPORT,
            detail=f"tidy dataset through the API ({len(dataset.patients)} patients)",
            identified=identified,
        )
        return Response({"identified": identified, "tables": tables})
