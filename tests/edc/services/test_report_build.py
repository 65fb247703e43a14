"""The study report built in the background: start, run with progress, failure, download.

The report builder is a stand-in that writes a few files and announces its steps as the real one
does (:func:`ablacem.analysis.report.build_report`'s ``on_step``); the real report is built from
the web in ``tests/edc/views/test_exports_report.py``.
"""

from __future__ import annotations

import datetime as dt
import logging
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from ablacem.edc.actors import Actor
from ablacem.edc.models import AuditEvent, AuditEventKind, ReportBuild, ReportBuildStatus
from ablacem.edc.services.report_build import (
    report_build_download,
    report_build_folder,
    report_build_run,
    report_build_start,
)

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

#: The stand-in's steps, as ``on_step`` announces them.
STEPS = ("statistics", "tables.docx", "report.html")


def stand_in_report(seen: list | None = None, *, fail_with: Exception | None = None):
    """A ``build_report`` that writes ``report.html``, ``tables.docx`` and a figure, announcing
    each step; ``seen`` gets the number of patients of the dataset it was given."""

    def build_report(dataset, out_dir, *, progress=None, workers=None, on_step=None):
        if seen is not None:
            seen.append({"patients": len(dataset.patients), "workers": workers, "progress": progress})
        out = Path(out_dir)
        (out / "figures").mkdir(parents=True)
        on_step(0, len(STEPS), STEPS[0])
        if fail_with is not None:
            raise fail_with
        (out / "tables.docx").write_bytes(b"docx")
        on_step(1, len(STEPS), STEPS[0])
        (out / "figures" / "vas.png").write_bytes(b"\x89PNG")
        on_step(2, len(STEPS), STEPS[1])
        (out / "report.html").write_text("<!doctype html><title>report</title>", encoding="utf-8")
        on_step(3, len(STEPS), STEPS[2])

    return build_report


@pytest.fixture(autouse=True)
def report_dir(settings, tmp_path):
    settings.ABLACEM_REPORT_DIR = tmp_path / "reports"
    return settings.ABLACEM_REPORT_DIR


@pytest.fixture
def seen(monkeypatch):
    import ablacem.analysis.report as report

    calls: list = []
    monkeypatch.setattr(report, "build_report", stand_in_report(calls))
    return calls


def _start(user, callbacks):
    with callbacks(execute=False) as queued:
        build, created = report_build_start(actor=Actor.staff(user))
    return build, created, queued


def test_a_second_start_while_one_is_queued_gives_the_queued_one(coordinator, django_capture_on_commit_callbacks):
    first, created, queued = _start(coordinator, django_capture_on_commit_callbacks)
    again, created_again, queued_again = _start(coordinator, django_capture_on_commit_callbacks)
    assert created and len(queued) == 1
    assert again == first and not created_again and queued_again == []
    assert first.status == ReportBuildStatus.QUEUED and first.user == coordinator


def test_the_database_refuses_two_unfinished_builds_of_one_user(coordinator):
    ReportBuild.objects.create(user=coordinator)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportBuild.objects.create(user=coordinator, status=ReportBuildStatus.RUNNING)
    ReportBuild.objects.create(user=coordinator, status=ReportBuildStatus.DONE)  # finished ones are not limited


def test_two_users_build_at_the_same_time(coordinator, statistician, django_capture_on_commit_callbacks):
    one, _, _ = _start(coordinator, django_capture_on_commit_callbacks)
    two, created, _ = _start(statistician, django_capture_on_commit_callbacks)
    assert created and one != two


def test_run_records_each_step_and_keeps_the_files(
    coordinator, treated_patient, seen, report_dir, django_capture_on_commit_callbacks, monkeypatch
):
    build, _, queued = _start(coordinator, django_capture_on_commit_callbacks)
    progress = []

    import ablacem.edc.services.report_build as module

    original = module._progress

    def watched(build_id):
        on_step = original(build_id)

        def record(step, total, label):
            on_step(step, total, label)
            progress.append(ReportBuild.objects.values_list("status", "step", "total", "label").get(pk=build_id))

        return record

    monkeypatch.setattr(module, "_progress", watched)
    queued[0]()  # the ImmediateBackend runs the task now
    build.refresh_from_db()
    assert progress == [
        ("running", 0, 3, "statistics"),
        ("running", 1, 3, "statistics"),
        ("running", 2, 3, "tables.docx"),
        ("running", 3, 3, "report.html"),
    ]
    assert build.status == ReportBuildStatus.DONE and build.percent == 100
    assert build.patients == 1 and seen == [{"patients": 1, "workers": 1, "progress": False}]
    assert build.started_at <= build.finished_at
    folder = report_build_folder(build)
    assert folder.parent == report_dir
    assert sorted(p.name for p in folder.iterdir()) == ["report-files.zip", "report.html"]
    with zipfile.ZipFile(folder / "report-files.zip") as archive:
        assert sorted(archive.namelist()) == ["figures/vas.png", "tables.docx"]


def test_a_new_build_replaces_the_files_of_the_last_one(coordinator, seen, django_capture_on_commit_callbacks):
    first, _, queued = _start(coordinator, django_capture_on_commit_callbacks)
    queued[0]()
    first.refresh_from_db()
    old_folder = report_build_folder(first)
    second, _, queued = _start(coordinator, django_capture_on_commit_callbacks)
    queued[0]()
    first.refresh_from_db()
    second.refresh_from_db()
    assert not old_folder.exists() and first.folder == ""
    assert report_build_folder(second).is_dir()
    with pytest.raises(FileNotFoundError):
        report_build_download(actor=Actor.staff(coordinator), build=first, part="html")


def test_a_failure_is_stored_without_its_message_and_logged_without_data(
    coordinator, treated_patient, monkeypatch, report_dir, caplog, django_capture_on_commit_callbacks
):
    import ablacem.analysis.report as report

    study_id = treated_patient[0].study_id
    secret = f"value of {study_id} out of range"
    monkeypatch.setattr(report, "build_report", stand_in_report(fail_with=ValueError(secret)))
    build, _, queued = _start(coordinator, django_capture_on_commit_callbacks)
    with caplog.at_level(logging.INFO):
        queued[0]()
    build.refresh_from_db()
    assert build.status == ReportBuildStatus.FAILED and build.finished
    assert "ValueError" in build.message and study_id not in build.message
    assert study_id not in caplog.text and f"report build {build.pk} failed" in caplog.text
    assert build.folder == "" and list(report_dir.iterdir()) == []
    started_again, created, _ = _start(coordinator, django_capture_on_commit_callbacks)
    assert created and started_again != build


def test_a_user_whose_role_lost_the_report_gets_a_failed_build(coordinator, seen, django_capture_on_commit_callbacks):
    build, _, queued = _start(coordinator, django_capture_on_commit_callbacks)
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])
    queued[0]()
    build.refresh_from_db()
    assert build.status == ReportBuildStatus.FAILED and "PermissionDenied" in build.message and seen == []


def test_a_build_silent_for_half_an_hour_is_given_up(coordinator, django_capture_on_commit_callbacks):
    stuck = ReportBuild.objects.create(
        user=coordinator, status=ReportBuildStatus.RUNNING, updated_at=timezone.now() - dt.timedelta(minutes=31)
    )
    build, created, _ = _start(coordinator, django_capture_on_commit_callbacks)
    stuck.refresh_from_db()
    assert created and build != stuck
    assert stuck.status == ReportBuildStatus.FAILED and "worker" in stuck.message


def test_run_of_a_build_not_queued_changes_nothing(coordinator, seen):
    done = ReportBuild.objects.create(user=coordinator, status=ReportBuildStatus.DONE, folder="x")
    assert report_build_run(build_id=done.pk).status == ReportBuildStatus.DONE and seen == []


def test_download_is_audited_and_only_for_the_builder(
    coordinator, statistician, seen, django_capture_on_commit_callbacks
):
    build, _, queued = _start(coordinator, django_capture_on_commit_callbacks)
    queued[0]()
    build.refresh_from_db()
    path = report_build_download(actor=Actor.staff(coordinator), build=build, part="files")
    assert path.name == "report-files.zip"
    event = AuditEvent.objects.get(kind=AuditEventKind.EXPORT)
    assert event.user == coordinator and event.identified is False
    assert event.detail.startswith(f"study report (Word, Excel, JSON and figures), build {build.pk} of ")
    with pytest.raises(PermissionDenied):
        report_build_download(actor=Actor.staff(statistician), build=build, part="html")
    with pytest.raises(ValueError, match="part: must be one of html, files"):
        report_build_download(actor=Actor.staff(coordinator), build=build, part="docx")
    assert AuditEvent.objects.filter(kind=AuditEventKind.EXPORT).count() == 1


def test_a_build_not_done_has_nothing_to_download(coordinator):
    build = ReportBuild.objects.create(user=coordinator, status=ReportBuildStatus.RUNNING)
    with pytest.raises(FileNotFoundError, match="is running, not done"):
        report_build_download(actor=Actor.staff(coordinator), build=build, part="html")
