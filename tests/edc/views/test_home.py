"""The dashboard: enrolment against the target, procedures, completeness, problems and the worklist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor
from tests.edc.conftest import ITEMS

from .world import DAY0

pytestmark = pytest.mark.db_backend


def test_dashboard_counts_and_worklist(client_as, users, world, monkeypatch):
    import ablacem.edc.views.home as home

    today = DAY0 + dt.timedelta(days=8)  # the 1-week window (days 5-10) is open, past its target
    monkeypatch.setattr(home.timezone, "localdate", lambda *args, **kwargs: today)
    page = client_as("coordinator").get(reverse("edc:dashboard")).content.decode()
    assert '<p class="stat">1 / 40</p>' in page
    worklist = page[page.index('id="worklist"') :]
    overdue = worklist[worklist.index('data-bucket="overdue"') :]
    assert "ABL-001" in overdue[: overdue.index("</table>")] and "1 week" in overdue[: overdue.index("</table>")]
    # Post-procedure visit: window is day 0 to day 1, so it was missed on day 8.
    missed = worklist[worklist.index('data-bucket="missed"') :]
    assert "Post-procedure" in missed[: missed.index("</table>")]


def test_the_worklist_lists_the_ct_scans_with_a_link_to_record_them(client_as, users, world, monkeypatch):
    import ablacem.edc.views.home as home

    patient = world["patient"]
    lesion = patient.lesions.get()
    today = DAY0 + dt.timedelta(days=95)  # 3-month window days 76-110, past its target (day 90)
    monkeypatch.setattr(home.timezone, "localdate", lambda *args, **kwargs: today)
    page = client_as("coordinator").get(reverse("edc:dashboard")).content.decode()
    worklist = page[page.index('id="worklist"') : page.index('id="completeness"')]
    overdue = worklist[worklist.index('data-bucket="overdue"') :]
    overdue = overdue[: overdue.index("</table>")]
    assert f"CT 3 months, lesion {lesion.lesion_id}" in overdue
    record = reverse("edc:imaging_edit", args=[patient.pk, lesion.pk, "m3"])
    assert f'href="{record}">Record CT</a>' in overdue
    missed = worklist[worklist.index('data-bucket="missed"') :]
    assert f"CT post-procedure, lesion {lesion.lesion_id}" in missed[: missed.index("</table>")]
    # The link leads to the CT form, whose fields are on the page.
    form = client_as("coordinator").get(record).content.decode()
    assert 'name="imaged_on"' in form and 'name="local_status"' in form


def test_recording_a_visit_takes_it_off_the_worklist(client_as, users, world, monkeypatch):
    import ablacem.edc.views.home as home

    today = DAY0 + dt.timedelta(days=8)
    monkeypatch.setattr(home.timezone, "localdate", lambda *args, **kwargs: today)
    services.assessment_record(
        patient=world["patient"],
        timepoint="w1",
        assessed_on=DAY0 + dt.timedelta(days=7),
        vas_worst=3,
        items=ITEMS,
        actor=Actor.staff(users["coordinator"]),
    )
    page = client_as("coordinator").get(reverse("edc:dashboard")).content.decode()
    assert 'data-bucket="overdue"' not in page
    assert "1 week" not in page[page.index('id="worklist"') : page.index('id="completeness"')]


def test_home_sends_each_role_to_its_start_page(client_as, users):
    assert client_as("monitor").get("/")["Location"] == reverse("edc:dashboard")
    assert client_as("statistician").get("/")["Location"] == reverse("edc:exports")
