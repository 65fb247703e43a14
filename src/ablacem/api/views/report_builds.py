"""The study report over the API (issue 14): start a build, poll it, download its files.

The same services as the exports page (:mod:`ablacem.edc.services.report_build`): a user has
at most one unfinished build (a second start gives it back), sees only their own builds (another
user's is a 404), and each download is recorded as an export event by the service.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from ablacem.edc.roles import Action
from ablacem.edc.selectors.report_builds import user_report_builds
from ablacem.edc.services.report_build import PARTS, report_build_download, report_build_start

from ..renderers import HtmlFileRenderer, ZipRenderer
from ..serializers.report_builds import ReportBuildSerializer, ReportBuildStartedSerializer
from ._base import ApiView

TAG = ["report builds"]
#: Each part's media type and file name.
_FILES = {
    "files": ("application/zip", "ablacem-report-files.zip"),
    "html": ("text/html; charset=utf-8", "ablacem-report.html"),
}


class ReportBuildsMixin:
    """Reaching a build: only the actor's own."""

    def build(self, pk):
        """The actor's own build ``pk`` (404 for anyone else's)."""
        return self.get_or_404(user_report_builds(self.actor), pk)


class ReportBuildStart(ApiView):
    """Queue a build of the study report (de-identified, the patients you may see)."""

    actions = {"POST": Action.BUILD_REPORT}
    serializer_class = ReportBuildStartedSerializer

    @extend_schema(
        tags=TAG,
        summary="Start building the study report",
        description="202 with the build and its address in ``Location``; while your previous build is unfinished "
        "it is the one given back (``queued_now`` false), as on the exports page.",
        request=None,
        responses={202: ReportBuildStartedSerializer},
    )
    def post(self, request):
        build, queued = report_build_start(actor=self.actor)
        data = {**ReportBuildSerializer(build).data, "queued_now": queued}
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})


class ReportBuildDetail(ReportBuildsMixin, ApiView):
    """One of your builds: status, step, total and the last step's label."""

    actions = {"GET": Action.BUILD_REPORT}
    serializer_class = ReportBuildSerializer

    @extend_schema(tags=TAG, summary="Poll a report build", responses=ReportBuildSerializer)
    def get(self, request, pk: int):
        return Response(ReportBuildSerializer(self.build(pk)).data)


class ReportBuildDownload(ReportBuildsMixin, ApiView):
    """A finished build's files: ``part=files`` (default), the zip of the Word, Excel, JSON and
    figure files; ``part=html``, the self-contained ``report.html``. Recorded as an export."""

    actions = {"GET": Action.BUILD_REPORT}
    renderer_classes = [JSONRenderer, ZipRenderer, HtmlFileRenderer]

    @extend_schema(
        tags=TAG,
        summary="Download a built report",
        parameters=[OpenApiParameter("part", str, enum=list(PARTS), required=False, default="files")],
        responses={
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="The report's files"),
            (200, "text/html"): OpenApiResponse(OpenApiTypes.BINARY, description="report.html"),
        },
    )
    def get(self, request, pk: int):
        build = self.build(pk)
        part = request.query_params.get("part", "files")
        if part not in PARTS:
            raise ValidationError({"part": f"must be one of {', '.join(PARTS)}"})
        try:
            path = report_build_download(actor=self.actor, build=build, part=part)
        except FileNotFoundError:
            raise NotFound("this build's files are not there: it is not done, or a newer build replaced them") from None
        content_type, name = _FILES[part]
        return FileResponse(path.open("rb"), as_attachment=True, filename=name, content_type=content_type)
