"""The study report over the API: start (202 and its address), poll (status, step, total, label),
download (the zip, recorded as an export as the web download records it), with the tasks'
ImmediateBackend (the worker's part runs when the start's transaction commits)."""

from __future__ import annotations

import io
import zipfile

import pytest

from ablacem.edc.models import AuditEvent, AuditEventKind, ReportBuild
from tests.edc.services.test_report_build import stand_in_report

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


@pytest.fixture(autouse=True)
def report_dir(settings, tmp_path):
    settings.ABLACEM_REPORT_DIR = tmp_path / "reports"


@pytest.fixture
def stand_in(monkeypatch):
    import ablacem.analysis.report as report

    monkeypatch.setattr(report, "build_report", stand_in_report())


def _exports():
    return list(AuditEvent.objects.filter(kind=AuditEventKind.EXPORT).order_by("pk"))


def test_start_poll_and_download(client_for, patient, stand_in, django_capture_on_commit_callbacks):
    api = client_for("statistician")
    with django_capture_on_commit_callbacks() as worker:
        started = api.post("/api/v1/report-builds/", format="json")
    build = ReportBuild.objects.get()
    url = f"/api/v1/report-builds/{build.pk}/"
    assert started.status_code == 202 and started["Location"] == url
    assert started.json() == {
        "id": build.pk,
        "url": url,
        "status": "queued",
        "status_label": "Waiting for the worker",
        "finished": False,
        "step": 0,
        "total": 0,
        "percent": 0,
        "label": "",
        "message": "",
        "downloads": {},
        "queued_now": True,
    }

    # One unfinished build per user: a second start gives the same build back.
    again = api.post("/api/v1/report-builds/", format="json")
    assert again.status_code == 202 and again.json()["id"] == build.pk and again.json()["queued_now"] is False
    assert ReportBuild.objects.count() == 1
    early = api.get(url + "download/")
    assert early.status_code == 404 and early["Content-Type"] == "application/problem+json"

    for run in worker:
        run()
    polled = api.get(url)
    assert polled.status_code == 200 and "no-store" in polled["Cache-Control"]
    body = polled.json()
    # The stand-in report has three steps; the last one done is report.html's ("tables.docx", figures, html).
    assert (body["status"], body["finished"], body["step"], body["total"], body["percent"]) == ("done", True, 3, 3, 100)
    assert body["downloads"] == {"html": url + "download/?part=html", "files": url + "download/?part=files"}
    assert _exports() == []

    files = api.get(url + "download/")
    assert files.status_code == 200 and files["Content-Type"] == "application/zip"
    assert files["Content-Disposition"] == 'attachment; filename="ablacem-report-files.zip"'
    names = zipfile.ZipFile(io.BytesIO(b"".join(files.streaming_content))).namelist()
    assert sorted(names) == ["figures/vas.png", "tables.docx"]
    html = api.get(body["downloads"]["html"])
    assert html["Content-Type"] == "text/html; charset=utf-8" and b"".join(html.streaming_content).startswith(
        b"<!doctype html>"
    )
    events = _exports()
    assert [e.detail.split(", build")[0] for e in events] == [
        "study report (Word, Excel, JSON and figures)",
        "study report (HTML)",
    ]
    assert {(e.identified, e.user_id, e.actor_kind) for e in events} == {(False, build.user_id, "api")}


def test_another_users_build_is_not_found_and_a_bad_part_is_named(
    client_for, patient, stand_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for("coordinator").post("/api/v1/report-builds/", format="json")
    build = ReportBuild.objects.get()
    url = f"/api/v1/report-builds/{build.pk}/"
    other = client_for("monitor")
    assert other.get(url).status_code == 404
    assert other.get(url + "download/").status_code == 404
    assert _exports() == []
    refused = client_for("coordinator").get(url + "download/?part=pdf")
    assert refused.status_code == 400
    errors = refused.json()["errors"]
    assert errors == [{"field": "part", "rule": "edit_check", "message": "must be one of html, files"}]


def test_the_schema_documents_the_report_endpoints(client_for):
    paths = client_for("coordinator").get("/api/schema/?format=json").json()["paths"]
    start = paths["/api/v1/report-builds/"]["post"]["responses"]
    assert "202" in start and "application/problem+json" in start["403"]["content"]
    download = paths["/api/v1/report-builds/{id}/download/"]["get"]["responses"]["200"]["content"]
    assert set(download) == {"application/zip", "text/html"}
