"""Playwright harness: Debian's Chromium, Django's live server, screenshots on failure.

Without ``/usr/bin/chromium`` the browser tests are skipped with a message, unless
``ABLACEM_REQUIRE_BROWSER=1`` (set by ``.ci/run``), which makes them fail instead.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path("test-results")


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwrights_loop():
    """Playwright's sync API runs an event loop in this thread; Django refuses ORM calls (the
    test database set-up included) from a thread with a running loop unless told that this is
    deliberate. Set only once a browser test runs, and removed when the session ends."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium (never a downloaded browser), or skip/fail clearly without it."""
    if not CHROMIUM.exists():
        message = f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("ABLACEM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{message}; ABLACEM_REQUIRE_BROWSER=1 makes them required")
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture
def browser_context_args(browser_context_args):
    """Downloads allowed (the report), a tablet-sized window."""
    return {**browser_context_args, "accept_downloads": True, "viewport": {"width": 1180, "height": 820}}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(autouse=True)
def screenshot_on_failure(request, page):
    """Save a full-page screenshot to ``test-results/<test>.png`` when the test fails."""
    yield
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


#: What Chromium writes to the console when the Content-Security-Policy blocks something.
CSP_VIOLATION = "Content Security Policy"


@pytest.fixture(autouse=True)
def csp_violations(page):
    """Every browser test fails when a page breaks the Content-Security-Policy (an inline script,
    style or handler the policy blocked): Chromium reports each one on the console. A test that
    provokes one on purpose empties the list it is given."""
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text) if CSP_VIOLATION in message.text else None)
    yield seen
    assert seen == [], "Content-Security-Policy violations:\n" + "\n".join(seen)
