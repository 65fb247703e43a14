"""The worklist: visits and scans due, overdue or missed, read-only."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from ablacem.edc.roles import Action
from ablacem.edc.selectors.worklist import worklist
from ablacem.edc.sites import site_days

from ..serializers.worklist import WorklistRowSerializer
from ._base import ApiView


class Worklist(ApiView):
    """What is due, overdue or missed today (each patient's site's day), as the worklist page shows it."""

    actions = {"GET": Action.VIEW_CLINICAL}
    serializer_class = WorklistRowSerializer

    @extend_schema(tags=["worklist"], summary="The worklist", responses=WorklistRowSerializer(many=True))
    def get(self, request):
        return self.page(worklist(today=site_days(), actor=self.actor), WorklistRowSerializer)
