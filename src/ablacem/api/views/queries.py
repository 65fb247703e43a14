"""Data-management queries: list, open, read, answer, close, re-open (through the query services)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from ablacem.edc.form_kinds import FORM_KINDS
from ablacem.edc.models import Query
from ablacem.edc.models.query import QueryState
from ablacem.edc.roles import Action
from ablacem.edc.services import query_answer, query_close, query_open, query_reopen

from ..serializers.queries import QueryAnswerSerializer, QueryNoteSerializer, QueryOpenSerializer, QuerySerializer
from ._base import ApiView

TAG = ["queries"]


class Queries(ApiView):
    """The queries on the patients this user may see (``?state=open|answered|closed``); open one."""

    actions = {"GET": Action.VIEW_CLINICAL, "POST": Action.RAISE_QUERY}
    serializer_class = QuerySerializer

    @extend_schema(
        tags=TAG,
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

    @extend_schema(tags=TAG, summary="Open a query", request=QueryOpenSerializer, responses={201: QuerySerializer})
    def post(self, request):
        data = self.parsed(QueryOpenSerializer)
        kind = FORM_KINDS[data["form"]]
        record = kind.model.objects.visible_to(self.actor).active().filter(pk=data["record"]).first()
        if record is None:
            raise ValidationError({"record": [f"{data['record']} is not the key of a {kind.label} record you can see"]})
        query = query_open(
            kind=kind, record=record, field_name=data["field_name"], question=data["question"], actor=self.actor
        )
        return Response(QuerySerializer(query, context=self.get_serializer_context()).data, status=201)


class QueryDetail(ApiView):
    """One query with its thread."""

    actions = {"GET": Action.VIEW_CLINICAL}
    serializer_class = QuerySerializer

    @extend_schema(tags=TAG, summary="Read a query")
    def get(self, request, pk: int):
        query = self.get_or_404(self.visible(Query), pk)
        return Response(QuerySerializer(query, context=self.get_serializer_context()).data)


class _QueryAction(ApiView):
    serializer_class = QuerySerializer

    def _done(self, query):
        query.refresh_from_db()
        return Response(QuerySerializer(query, context=self.get_serializer_context()).data)


class QueryAnswer(_QueryAction):
    """The coordinator answers a query."""

    actions = {"POST": Action.ANSWER_QUERY}

    @extend_schema(tags=TAG, summary="Answer a query", request=QueryAnswerSerializer)
    def post(self, request, pk: int):
        query = self.get_or_404(self.visible(Query), pk)
        data = self.parsed(QueryAnswerSerializer)
        query_answer(query=query, text=data["text"], value_changed=data["value_changed"], actor=self.actor)
        return self._done(query)


class QueryClose(_QueryAction):
    """The opener's side closes a query."""

    actions = {"POST": Action.RAISE_QUERY}

    @extend_schema(tags=TAG, summary="Close a query", request=QueryNoteSerializer)
    def post(self, request, pk: int):
        query = self.get_or_404(self.visible(Query), pk)
        query_close(query=query, text=self.parsed(QueryNoteSerializer)["text"], actor=self.actor)
        return self._done(query)


class QueryReopen(_QueryAction):
    """The opener's side re-opens a query, saying what is still unclear."""

    actions = {"POST": Action.RAISE_QUERY}

    @extend_schema(tags=TAG, summary="Re-open a query", request=QueryNoteSerializer)
    def post(self, request, pk: int):
        query = self.get_or_404(self.visible(Query), pk)
        query_reopen(query=query, text=self.parsed(QueryNoteSerializer)["text"], actor=self.actor)
        return self._done(query)
