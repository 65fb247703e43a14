"""A study report built in the background from the web (issue 13).

Not clinical data and not audited as a record: who asked, when, how far the build is, and
where its files are. Downloading the files is what the audit trail records (an export event).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReportBuildStatus(models.TextChoices):
    """Where a build stands."""

    QUEUED = "queued", "Waiting for the worker"
    RUNNING = "running", "Being built"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


#: A build that is not over: a user has at most one of these.
UNFINISHED = (ReportBuildStatus.QUEUED, ReportBuildStatus.RUNNING)


class ReportBuild(models.Model):
    """One build of the study report.

    Attributes
    ----------
    user : User
        Who started it; only they see it and download its files.
    status : str
        A :class:`ReportBuildStatus`.
    step, total : int
        Steps done out of the report's steps (``total`` is 0 until the build starts).
    label : str
        The last step done (``statistics``, ``tables.docx``, a figure id); never data.
    message : str
        Why it failed, without any data (the error's type only).
    patients : int or None
        Patients in the dataset the report was built from.
    updated_at : datetime
        Last progress (a build silent for long is given up: its worker stopped).
    folder : str
        The build's folder name under ``ABLACEM_REPORT_DIR`` (empty until built).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ReportBuildStatus.choices, default=ReportBuildStatus.QUEUED)
    step = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=100, blank=True, default="")
    message = models.CharField(max_length=300, blank=True, default="")
    patients = models.PositiveIntegerField(null=True, blank=True)
    folder = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # At most one unfinished build per user, even when two requests start one at once.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status__in=["queued", "running"]),
                name="edc_reportbuild_one_unfinished_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"report build {self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        """Done or failed."""
        return self.status not in UNFINISHED

    @property
    def percent(self) -> int:
        """Steps done, in percent of the report's steps (0 before the build starts)."""
        return round(100 * self.step / self.total) if self.total else 0
