"""The dashboard: enrolment against the target, procedures, completeness, problems and the worklist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ablacem.edc import services
from tests.edc.conftest import ITEMS

from .world import DAY0

pytestmark = pytest.mark.db_backend


def test_dashboard_counts_and_worklist(client_as, users, world, monkeypatch):
    import ablacem.edc.views.home as home

    today = DAY0 + dt.timedelta(days=8)  # the 1-week window (days 5-10) is open, past its target
    monkeypatch.setattr(home.timezone, "localdate", lambda: today)
    page = client_as("coordinator").get(reverse("edc:dashboard")).content.decode()
    assert '<p class="stat">1 / 40</p>' in page
    worklist = page[page.index('id="worklist"') :]
    overdue = worklist[worklist.index('data-bucket="overdue"') :]
    assert "ABL-001" in overdue[: overdue.index("</table>")] and "1 week" in overdue[: overdue.index("</table>")]
    # Post-procedure visit: window is day 0 only, so it was missed on day 8.
    missed = worklist[worklist.index('data-bucket="missed"') :]
    assert "Post-procedure" in missed[: missed.index("</table>")]


def test_recording_a_visit_takes_it_off_the_worklist(client_as, users, world, monkeypatch):
    import ablacem.edc.views.home as home

    today = DAY0 + dt.timedelta(days=8)
    monkeypatch.setattr(home.timezone, "localdate", lambda: today)
    services.assessment_record(
        patient=world["patient"],
        timepoint="w1",
        assessed_on=DAY0 + dt.timedelta(days=7),
        vas_worst=3,
        items=ITEMS,
        user=users["coordinator"],
    )
    page = client_as("coordinator").get(reverse("edc:dashboard")).content.decode()
    assert 'data-bucket="overdue"' not in page
    assert "1 week" not in page[page.index('id="worklist"') : page.index('id="completeness"')]


def test_home_sends_each_role_to_its_start_page(client_as, users):
    assert client_as("monitor").get("/")["Location"] == reverse("edc:dashboard")
    assert client_as("statistician").get("/")["Location"] == reverse("edc:exports")
