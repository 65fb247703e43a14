"""The study report's build page in Chromium: its progress bar follows the background build step
by step (the page's script polls), then the page turns into the downloads by itself."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import ReportBuild
from ablacem.edc.services.report_build import report_build_run
from tests.edc.services.test_report_build import STEPS, stand_in_report
from tests.edc.views.world import build_world

from .test_coordinator_scenario import PASSWORD, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.db_backend,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TIMEOUT = 20_000


def test_the_progress_indicator_follows_the_build_and_finishes(
    page, live_server, monkeypatch, settings, tmp_path, csp_violations
):
    import ablacem.analysis.report as report
    import ablacem.edc.tasks as tasks

    settings.ABLACEM_REPORT_DIR = tmp_path / "reports"
    queued: list[int] = []

    class Queue:
        """The worker's queue: the test runs the build itself, while the browser watches."""

        @staticmethod
        def enqueue(build_id):
            queued.append(build_id)

    monkeypatch.setattr(tasks, "build_study_report", Queue)
    stand_in = stand_in_report()

    def build_report_watched(dataset, out_dir, *, on_step, **options):
        def step_seen_on_the_page(step, total, label):
            on_step(step, total, label)
            if step:
                expect(page.locator("#report-step")).to_have_text(
                    f"step {step} of {total} ({label} done)", timeout=TIMEOUT
                )
                expect(page.locator("#report-progress")).to_have_attribute("value", str(step))

        return stand_in(dataset, out_dir, on_step=step_seen_on_the_page, **options)

    monkeypatch.setattr(report, "build_report", build_report_watched)
    services.user_create(
        username="sam", role="statistician", password=PASSWORD, full_name="Sam Stat", actor=Actor.system("t")
    )
    coordinator = services.user_create(
        username="chloe", role="coordinator", password=PASSWORD, full_name="Chloe Coord", actor=Actor.system("t")
    )
    build_world(coordinator)

    log_in(page, live_server, "sam")
    page.goto(f"{live_server.url}/exports/")
    page.get_by_role("button", name="Build the report now").click()
    expect(page.locator("#report-status")).to_have_text("Waiting for the worker", timeout=TIMEOUT)
    expect(page.locator("#report-progress")).to_be_visible()

    assert len(queued) == 1
    report_build_run(build_id=queued[0])  # the worker's part; each step waits until the page shows it

    expect(page.locator("#report-status")).to_have_text("Ready", timeout=TIMEOUT)
    expect(page.locator("#report-progress")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download report.html").click()
    assert download.value.suggested_filename.startswith("ablacem-report-")
    assert ReportBuild.objects.get().step == len(STEPS)
