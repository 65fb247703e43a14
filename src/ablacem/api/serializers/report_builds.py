"""A study report build as the API shows it: its progress, and where to poll and download it."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from ablacem.edc.models import ReportBuild, ReportBuildStatus
from ablacem.edc.selectors.report_builds import report_build_progress
from ablacem.edc.services.report_build import PARTS


class ReportBuildSerializer(serializers.Serializer):
    """A build's progress (the web page's poll, :func:`report_build_progress`) with its addresses."""

    id = serializers.IntegerField()
    url = serializers.CharField(help_text="Where to poll this build.")
    status = serializers.ChoiceField(choices=ReportBuildStatus.choices)
    status_label = serializers.CharField()
    finished = serializers.BooleanField(help_text="Done or failed.")
    step = serializers.IntegerField(help_text="Steps done.")
    total = serializers.IntegerField(help_text="The report's steps (0 until the build starts).")
    percent = serializers.IntegerField()
    label = serializers.CharField(allow_blank=True, help_text="The last step done; never data.")
    message = serializers.CharField(allow_blank=True, help_text="Why it failed (the error's type only).")
    downloads = serializers.DictField(
        child=serializers.CharField(),
        help_text="Once done: the address of each part (" + ", ".join(PARTS) + "); empty before.",
    )

    def to_representation(self, build: ReportBuild) -> dict:
        download = reverse("api_report_build_download", args=[build.pk])
        done = build.status == ReportBuildStatus.DONE
        return {
            "id": build.pk,
            "url": reverse("api_report_build", args=[build.pk]),
            **report_build_progress(build),
            "downloads": {part: f"{download}?part={part}" for part in PARTS} if done else {},
        }


class ReportBuildStartedSerializer(ReportBuildSerializer):
    """The build a start answers: queued now, or the user's unfinished one (at most one each)."""

    queued_now = serializers.BooleanField(help_text="False: your unfinished build, which is given instead.")
