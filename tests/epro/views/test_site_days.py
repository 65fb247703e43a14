"""A link opens on its patient's site's day (issue 14): at 00:30 in Auckland on study day 5 the
Auckland patient's 1-week link opens (window days 5 to 10) while the Los Angeles patient's, on
day 4 there, is not open yet; the staff link panel says the same."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from ablacem.edc.actors import Actor
from ablacem.epro.links import link_path
from ablacem.epro.services import link_for_visit
from tests.edc.views.world import login
from tests.epro.messaging.conftest import AUCKLAND, BOTH_SITES, at_site, freeze, two_site_patients

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

AUCKLAND_DAY_5 = at_site(5, AUCKLAND, 0, 30)


@pytest.fixture
def links(monkeypatch):
    """The 1-week links of the Auckland and the Los Angeles patient, with the clock at :data:`AUCKLAND_DAY_5`."""
    cache.clear()
    akl, lax = two_site_patients()
    system = Actor.system("test")
    issued = [link_for_visit(actor=system, patient=p, timepoint="w1") for p in (akl, lax)]
    freeze(monkeypatch, AUCKLAND_DAY_5)
    yield issued
    cache.clear()


def test_each_link_opens_on_its_patients_site_day(client, links):
    akl_link, lax_link = links
    opened = client.get(link_path(akl_link))
    assert opened.status_code == 200
    closed = client.get(link_path(lax_link))
    assert closed.status_code == 410 and "Not open yet" in closed.content.decode()


def test_the_staff_link_panel_reads_each_patients_site_day(client, links):
    login(client, get_user_model().objects.get(username=BOTH_SITES))
    states = []
    for link in links:
        # An unrecorded visit opens its form, which shows the panel.
        html = client.get(reverse("edc:visit", args=[link.patient_id, "w1"]), follow=True).content.decode()
        panel = html[html.index('id="patient-links"') :]
        states.append(panel[panel.index('class="link-state">') :].split(">", 1)[1].split("<", 1)[0])
    assert states == ["open: the patient can answer", "not open yet (window not reached)"]
