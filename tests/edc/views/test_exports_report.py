"""The study report from the web: start, the progress page and its poll, then the downloads,
walked through the real pages with the tasks' ImmediateBackend (the worker's part runs when the
start's transaction commits)."""

from __future__ import annotations

import io
import json
import zipfile
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from ablacem.edc.models import AuditEvent, AuditEventKind, ReportBuild, ReportBuildStatus
from tests.edc.services.test_report_build import stand_in_report

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


class _Forms(HTMLParser):
    """The page's POST forms: action, hidden fields and the button's words."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._button = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method") == "post":
            self.forms.append({"action": a.get("action"), "data": {}, "button": ""})
        elif self.forms and tag == "input" and a.get("type") == "hidden" and a.get("name") != "csrfmiddlewaretoken":
            self.forms[-1]["data"][a["name"]] = a.get("value", "")
        self._button = tag == "button"

    def handle_data(self, data):
        if self._button and self.forms:
            self.forms[-1]["button"] += data

    def handle_endtag(self, tag):
        self._button = self._button and tag != "button"


def form_with_button(html: str, words: str) -> dict:
    """The form on the page whose button says ``words`` (fails when the page has no such button)."""
    reader = _Forms()
    reader.feed(html)
    found = [f for f in reader.forms if words in f["button"]]
    assert found, f"no button {words!r} on the page"
    return found[0]


@pytest.fixture(autouse=True)
def report_dir(settings, tmp_path):
    settings.ABLACEM_REPORT_DIR = tmp_path / "reports"


@pytest.fixture
def stand_in(monkeypatch):
    import ablacem.analysis.report as report

    monkeypatch.setattr(report, "build_report", stand_in_report())


def _status(client, build):
    response = client.get(reverse("edc:report_build_status", args=[build.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_start_poll_and_download_through_the_pages(client_as, world, stand_in, django_capture_on_commit_callbacks):
    client = client_as("statistician")
    exports = client.get(reverse("edc:exports")).content.decode()
    start = form_with_button(exports, "Build the report now")
    with django_capture_on_commit_callbacks() as worker:
        started = client.post(start["action"], start["data"])
    build = ReportBuild.objects.get()
    assert started.status_code == 302 and started["Location"] == reverse("edc:report_build", args=[build.pk])

    # Queued: the page says so, refreshes itself without scripts, and its script polls the status.
    page = client.get(started["Location"]).content.decode()
    assert "Waiting for the worker" in page and 'id="report-progress"' in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert "edc/report_progress.js" in page and reverse("edc:report_build_status", args=[build.pk]) in page
    assert "Download report.html" not in page
    assert _status(client, build) == {
        "status": "queued",
        "status_label": "Waiting for the worker",
        "finished": False,
        "step": 0,
        "total": 0,
        "percent": 0,
        "label": "",
        "message": "",
    }

    # A second start while it waits shows the same build.
    again = client.post(start["action"], start["data"], follow=True)
    assert again.redirect_chain == [(started["Location"], 302)] and "still being built" in again.content.decode()

    # The worker runs it; the page polled meanwhile shows the steps going by.
    polled = []
    import ablacem.edc.services.report_build as module

    original = module._progress
    module_progress = lambda build_id: lambda *step: (original(build_id)(*step), polled.append(_status(client, build)))  # noqa: E731
    module._progress = module_progress
    try:
        for run in worker:
            run()
    finally:
        module._progress = original
    assert [(p["status"], p["step"], p["total"], p["percent"]) for p in polled] == [
        ("running", 0, 3, 0),
        ("running", 1, 3, 33),
        ("running", 2, 3, 67),
        ("running", 3, 3, 100),
    ]
    assert polled[2]["label"] == "tables.docx"
    assert _status(client, build)["finished"] is True

    done = client.get(started["Location"]).content.decode()
    assert "Ready" in done and "refresh" not in done and "report_progress.js" not in done
    html_form = form_with_button(done, "Download report.html")
    response = client.post(html_form["action"], html_form["data"])
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert response["Content-Disposition"].startswith('attachment; filename="ablacem-report-')
    assert b"".join(response.streaming_content).startswith(b"<!doctype html>")
    files_form = form_with_button(done, "Download Word, Excel, JSON and figures (zip)")
    files = client.post(files_form["action"], files_form["data"])
    names = zipfile.ZipFile(io.BytesIO(b"".join(files.streaming_content))).namelist()
    assert sorted(names) == ["figures/vas.png", "tables.docx"]
    events = AuditEvent.objects.filter(kind=AuditEventKind.EXPORT).order_by("pk")
    assert [e.detail.split(", build")[0] for e in events] == [
        "study report (HTML)",
        "study report (Word, Excel, JSON and figures)",
    ]
    assert {e.identified for e in events} == {False}

    # The exports page links the last build.
    assert reverse("edc:report_build", args=[build.pk]) in client.get(reverse("edc:exports")).content.decode()


def test_a_failed_build_says_why_and_offers_to_start_again(
    client_as, world, monkeypatch, django_capture_on_commit_callbacks
):
    import ablacem.analysis.report as report

    monkeypatch.setattr(report, "build_report", stand_in_report(fail_with=KeyError("ABL-001")))
    client = client_as("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("edc:report_start"))
    page = client.get(started["Location"]).content.decode()
    assert "Failed" in page and "could not be built (KeyError)" in page and "ABL-001" not in page
    form_with_button(page, "Build it again from today")


def test_another_users_build_is_not_found(client_as, users, world, stand_in, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_as("coordinator").post(reverse("edc:report_start"))
    build = ReportBuild.objects.get()
    client = client_as("statistician")
    assert client.get(reverse("edc:report_build", args=[build.pk])).status_code == 404
    assert client.get(reverse("edc:report_build_status", args=[build.pk])).status_code == 404
    refused = client.post(reverse("edc:report_download", args=[build.pk]), {"part": "html"})
    assert refused.status_code == 404 and not AuditEvent.objects.filter(kind=AuditEventKind.EXPORT).exists()


def test_a_replaced_builds_download_says_its_files_are_gone(
    client_as, world, stand_in, django_capture_on_commit_callbacks
):
    client = client_as("coordinator")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("edc:report_start"))
    first = ReportBuild.objects.order_by("pk").first()
    gone = client.post(reverse("edc:report_download", args=[first.pk]), {"part": "files"}, follow=True)
    assert "files are gone" in gone.content.decode()
    assert client.post(reverse("edc:report_download", args=[first.pk]), {"part": "pdf"}).status_code == 404


@pytest.mark.slow
def test_the_real_report_is_built_in_the_background_and_downloaded(
    client_as, world, django_capture_on_commit_callbacks
):
    """The study report itself (statistics, writers, figures), built in one process as a web worker must."""
    client = client_as("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("edc:report_start"))
    build = ReportBuild.objects.get()
    assert build.status == ReportBuildStatus.DONE, build.message
    assert build.step == build.total > 5 and build.label == "report.html"
    page = client.get(started["Location"]).content.decode()
    html_form = form_with_button(page, "Download report.html")
    body = b"".join(client.post(html_form["action"], html_form["data"]).streaming_content)
    assert body.lstrip().lower().startswith(b"<!doctype html") and b"Alice" not in body
    files_form = form_with_button(page, "Download Word, Excel, JSON and figures (zip)")
    names = zipfile.ZipFile(
        io.BytesIO(b"".join(client.post(files_form["action"], files_form["data"]).streaming_content))
    ).namelist()
    assert {"tables.docx", "tables.xlsx", "results.json"} <= set(names) and "report.html" not in names
