"""What every endpoint shares: the actor, role permission, records reached through ``visible_to``."""

from __future__ import annotations

from django.db import models
from django.http import Http404
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from ablacem.edc.actors import Actor
from ablacem.edc.models import Patient
from ablacem.edc.roles import Action, can
from ablacem.edc.services import record_soft_delete

from ..permissions import RoleAllows, api_actor
from ..preconditions import expected_version, with_etag

#: How the schema describes a soft delete.
DELETE_HELP = 'Send If-Match and ``{"reason": "..."}`` in the body; the record stays in the database and its history.'


class ApiView(GenericAPIView):
    """Base of the API's views: ``actions`` maps each method to the action it needs."""

    permission_classes = [RoleAllows]
    actions: dict[str, Action] = {}

    @property
    def actor(self) -> Actor:
        """The API client acting, under the request's user."""
        return api_actor(self.request)

    def visible(self, model: type[models.Model]) -> models.QuerySet:
        """``model``'s records this actor may see (never a query around ``visible_to``)."""
        return model.objects.visible_to(self.actor)

    def get_or_404(self, queryset: models.QuerySet, pk) -> models.Model:
        """The record with key ``pk`` in ``queryset`` (already scoped to the actor), else 404."""
        try:
            return queryset.get(pk=int(pk))
        except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
            raise Http404 from None

    def patient(self, pk) -> Patient:
        """The patient ``pk`` if this actor may see them (404 otherwise, never 403)."""
        return self.get_or_404(self.visible(Patient).active(), pk)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["show_identifiers"] = can(self.actor, Action.VIEW_IDENTIFIERS)
        return context

    def parsed(self, serializer_class, *, partial: bool = False) -> dict:
        """The request body parsed by ``serializer_class`` (400 problem details when it does not parse)."""
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def answer(self, record, serializer_class, *, created: bool = False) -> Response:
        """The record as read, with its ETag (201 when created)."""
        data = serializer_class(record, context=self.get_serializer_context()).data
        return with_etag(Response(data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK), record)

    def soft_delete(self, record) -> Response:
        """Soft-delete ``record`` (and what goes with it) through the service: If-Match and a
        ``reason`` in the JSON body; 204 when done."""
        version = expected_version(self.request)
        reason = self.request.data.get("reason", "") if isinstance(self.request.data, dict) else ""
        record_soft_delete(
            record=record, reason=reason if isinstance(reason, str) else "", expected_version=version, actor=self.actor
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    def page(self, queryset, serializer_class) -> Response:
        """One page of ``queryset``."""
        rows = self.paginate_queryset(queryset)
        return self.get_paginated_response(
            serializer_class(rows, many=True, context=self.get_serializer_context()).data
        )
