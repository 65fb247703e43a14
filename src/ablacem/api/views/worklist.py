"""The worklist (visits and scans due) and the data-management queries, read-only."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from ablacem.edc.models import Query
from ablacem.edc.models.query import QueryState
from ablacem.edc.roles import Action
from ablacem.edc.selectors.worklist import worklist

from ..serializers.worklist import QuerySerializer, WorklistRowSerializer
from ._base import ApiView


class Worklist(ApiView):
    """What is due, overdue or missed today (site time zone), as the worklist page shows it."""

    actions = {"GET": Action.VIEW_CLINICAL}
    serializer_class = WorklistRowSerializer

    @extend_schema(tags=["worklist"], summary="The worklist", responses=WorklistRowSerializer(many=True))
    def get(self, request):
        return self.page(worklist(today=timezone.localdate(), actor=self.actor), WorklistRowSerializer)


class Queries(ApiView):
    """The queries on the patients this user may see (``?state=open|answered|closed``)."""

    actions = {"GET": Action.VIEW_CLINICAL}
    serializer_class = QuerySerializer

    @extend_schema(
        tags=["queries"],
        summary="List queries",
        operation_id="queries_list",
        responses=QuerySerializer(many=True),
        parameters=[OpenApiParameter("state", str, enum=list(QueryState.values), required=False)],
    )
    def get(self, request):
        rows = self.visible(Query).order_by("-created_at", "-pk")
        state = request.query_params.get("state")
        if state in QueryState.values:
            rows = rows.filter(state=state)
        return self.page(rows, QuerySerializer)


class QueryDetail(ApiView):
    """One query with its thread."""

    actions = {"GET": Action.VIEW_CLINICAL}
    serializer_class = QuerySerializer

    @extend_schema(tags=["queries"], summary="Read a query")
    def get(self, request, pk: int):
        query = self.get_or_404(self.visible(Query), pk)
        return Response(QuerySerializer(query, context=self.get_serializer_context()).data)
