"""The EDC's Playwright harness (Debian's Chromium, screenshots on failure), shared by the ePRO browser tests."""

from tests.edc.browser.conftest import (  # noqa: F401  (fixtures and the report hook, re-exported)
    _allow_orm_beside_playwrights_loop,
    browser_context_args,
    browser_type_launch_args,
    pytest_runtest_makereport,
    screenshot_on_failure,
)
