"""The study report built in the background from the web (issue 13): start, run, download.

Building the report for a large study takes tens of seconds, too long to hold a web request:
:func:`report_build_start` queues a :class:`~ablacem.edc.models.ReportBuild` and the worker
(:func:`ablacem.edc.tasks.build_study_report`) runs :func:`report_build_run`, which builds the
report from the de-identified tidy dataset (as the download did before) and records its
progress step by step; the page polls it. Downloading the files is audited as an export.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import zipfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..actors import Actor
from ..models import AuditEventKind, ReportBuild, ReportBuildStatus
from ..models.report_build import UNFINISHED
from ..roles import Action, can
from ._common import require
from .audit_events import audit_event_record

log = logging.getLogger(__name__)

#: An unfinished build without progress for this long is given up (the worker stopped under it).
STALE_AFTER = timedelta(minutes=30)
#: The two downloads of a build: the self-contained HTML, and a zip of every other file.
PARTS = {"html": "report.html", "files": "report-files.zip"}
_PART_WORDS = {"html": "HTML", "files": "Word, Excel, JSON and figures"}


def report_build_folder(build: ReportBuild) -> Path:
    """The folder of a built report under ``ABLACEM_REPORT_DIR``."""
    if not build.folder:
        raise FileNotFoundError(f"report build {build.pk} has no files")
    return Path(settings.ABLACEM_REPORT_DIR) / build.folder


def _give_up_stale(user) -> None:
    """Mark failed the user's unfinished build that has made no progress for :data:`STALE_AFTER`."""
    ReportBuild.objects.filter(user=user, status__in=UNFINISHED, updated_at__lt=timezone.now() - STALE_AFTER).update(
        status=ReportBuildStatus.FAILED,
        finished_at=timezone.now(),
        message="the build stopped without finishing (was the worker stopped?); start it again",
    )


@transaction.atomic
def report_build_start(*, actor: Actor) -> tuple[ReportBuild, bool]:
    """Queue a build of the study report for the actor's user, or give the one they have running.

    Parameters
    ----------
    actor : Actor
        A user allowed :attr:`Action.BUILD_REPORT`.

    Returns
    -------
    (ReportBuild, bool)
        The build, and whether it was queued now (False: the user's unfinished build, which is
        at most one, a database constraint makes sure even for two clicks at once).

    Raises
    ------
    PermissionDenied
    """
    from ..tasks import build_study_report

    require(actor, Action.BUILD_REPORT)
    _give_up_stale(actor.user)
    unfinished = ReportBuild.objects.filter(user=actor.user, status__in=UNFINISHED).first()
    if unfinished is not None:
        return unfinished, False
    try:
        with transaction.atomic():
            build = ReportBuild.objects.create(user=actor.user, updated_at=timezone.now())
    except IntegrityError:  # the same user's other request queued one a moment ago
        return ReportBuild.objects.get(user=actor.user, status__in=UNFINISHED), False
    transaction.on_commit(lambda: build_study_report.enqueue(build.pk))
    return build, True


def _progress(build_id: int):
    def on_step(step: int, total: int, label: str) -> None:
        ReportBuild.objects.filter(pk=build_id).update(
            step=step, total=total, label=label[:100], updated_at=timezone.now()
        )

    return on_step


def _zip_files(report: Path, archive: Path) -> None:
    """Every report file but ``report.html`` in one zip (paths relative to the report's folder)."""
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for path in sorted(report.rglob("*")):
            if path.is_file() and path.name != PARTS["html"]:
                out.write(path, path.relative_to(report).as_posix())


def _remove_older_files(build: ReportBuild) -> None:
    """Delete the files of the user's earlier builds: only the newest built report is kept."""
    older = ReportBuild.objects.filter(user=build.user_id, status=ReportBuildStatus.DONE, pk__lt=build.pk)
    for previous in older.exclude(folder=""):
        shutil.rmtree(report_build_folder(previous), ignore_errors=True)
    older.update(folder="")


def report_build_run(*, build_id: int) -> ReportBuild:
    """Build the report of a queued build (the background task's work).

    Runs outside any transaction, so that each step's progress is seen by the page polling it.
    The report is built as the web download built it: the de-identified tidy dataset of the
    patients the user may see (:func:`ablacem.edc.selectors.tidy_dataset`), in one process (a
    worker holding database connections does not fork figure workers). A failure is stored with
    the error's type only: its message could quote data.

    Returns
    -------
    ReportBuild
        ``done`` with its files under ``ABLACEM_REPORT_DIR``, or ``failed``; a build that was not
        queued (already run, given up) is returned unchanged.
    """
    # Imported here: the analysis (matplotlib, statsmodels) loads when a report is built.
    from ablacem.analysis.report import build_report

    from ..selectors import tidy_dataset

    started = ReportBuild.objects.filter(pk=build_id, status=ReportBuildStatus.QUEUED).update(
        status=ReportBuildStatus.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    build = ReportBuild.objects.select_related("user").get(pk=build_id)
    if not started:
        return build
    name = f"build-{build.pk}-{secrets.token_hex(8)}"
    folder = Path(settings.ABLACEM_REPORT_DIR) / name
    try:
        actor = Actor.staff(build.user)
        if not build.user.is_active or not can(actor, Action.BUILD_REPORT):
            raise PermissionDenied("the user may no longer build the report")
        dataset = tidy_dataset(include_identifiers=False, actor=actor, action=Action.BUILD_REPORT)
        build_report(dataset, folder / "report", progress=False, workers=1, on_step=_progress(build.pk))
        _zip_files(folder / "report", folder / PARTS["files"])
        shutil.move(folder / "report" / PARTS["html"], folder / PARTS["html"])
        shutil.rmtree(folder / "report")
    except Exception as exc:  # any failure is the build's outcome, shown on its page
        shutil.rmtree(folder, ignore_errors=True)
        log.warning("report build %s failed: %s", build.pk, type(exc).__name__)
        ReportBuild.objects.filter(pk=build.pk).update(
            status=ReportBuildStatus.FAILED,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
            message=f"the report could not be built ({type(exc).__name__}); the server log has the build number",
        )
    else:
        ReportBuild.objects.filter(pk=build.pk).update(
            status=ReportBuildStatus.DONE,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
            patients=len(dataset.patients),
            folder=name,
        )
        log.info("report build %s done by user %s", build.pk, build.user_id)
        _remove_older_files(build)
    build.refresh_from_db()
    return build


@transaction.atomic
def report_build_download(*, actor: Actor, build: ReportBuild, part: str) -> Path:
    """The file of a finished build to send, recorded in the audit trail as an export.

    Parameters
    ----------
    actor : Actor
        The user who started the build, still allowed :attr:`Action.BUILD_REPORT`.
    build : ReportBuild
        A ``done`` build.
    part : {"html", "files"}
        ``report.html``, or the zip of the Word, Excel, JSON and figure files.

    Raises
    ------
    PermissionDenied
        Another user's build, or a role without the report permission.
    ValueError
        On ``part``: not ``html`` nor ``files``.
    FileNotFoundError
        The build is not done, or its files were replaced by a newer build's.
    """
    require(actor, Action.BUILD_REPORT)
    if build.user_id != getattr(actor.user, "pk", None):
        raise PermissionDenied("only the user who built this report may download it")
    if part not in PARTS:
        raise ValueError(f"part: must be one of {', '.join(PARTS)}, not {part!r}")
    if build.status != ReportBuildStatus.DONE:
        raise FileNotFoundError(f"report build {build.pk} is {build.status}, not done")
    path = report_build_folder(build) / PARTS[part]
    if not path.is_file():
        raise FileNotFoundError(f"report build {build.pk} has no {PARTS[part]}")
    audit_event_record(
        actor=actor,
        kind=AuditEventKind.EXPORT,
        detail=f"study report ({_PART_WORDS[part]}), build {build.pk} of {build.finished_at:%Y-%m-%d %H:%M}",
        identified=False,
    )
    return path
