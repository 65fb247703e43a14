"""Sites on the pages (issue 14): nothing with one site; a site choice, column, filter and
enrolment table with several."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Patient

from .test_patients import ENROL
from .world import PASSWORD, login

pytestmark = pytest.mark.db_backend
SYSTEM = Actor.system("test")
SITE_MARKS = ('id="id_site"', 'id="col-site"', 'id="enrolment-by-site"', "<th>Sites</th>", 'id="site"', 'name="site"')


def _pages(client, patient) -> str:
    pages = [
        reverse("edc:patient_list"),
        reverse("edc:enrol"),
        reverse("edc:dashboard"),
        reverse("edc:user_list"),
        reverse("edc:patient_detail", args=[patient.pk]),
    ]
    return "".join(client.get(url).content.decode() for url in pages)


def test_a_single_site_study_shows_no_site_anywhere(client, users, world):
    login(client, users["data_manager"])
    html = _pages(client, world["patient"])
    assert [mark for mark in SITE_MARKS if mark in html] == []
    assert world["patient"].study_id == "ABL-001"


@pytest.fixture
def two_sites(users, world):
    services.site_create(code="TOR", name="Toronto General", time_zone="America/Toronto", actor=SYSTEM)
    services.user_set_sites(account=users["data_manager"], whole_study=True, actor=SYSTEM)


def test_the_enrol_page_asks_the_site_and_the_id_carries_its_code(client, users, two_sites):
    login(client, users["data_manager"])
    page = client.get(reverse("edc:enrol")).content.decode()
    assert '<select name="site"' in page and 'value="TOR"' in page and 'value="ABL"' in page
    response = client.post(reverse("edc:enrol"), {**ENROL, "site": "TOR"})
    assert response.status_code == 302
    assert Patient.objects.get(study_id="TOR-001").site.code == "TOR"
    missing = client.post(reverse("edc:enrol"), {**ENROL, "hospital_number": "HN-778"})
    assert missing.status_code == 422 and "This field is required." in missing.content.decode()


def test_a_one_site_coordinator_is_not_asked_the_site(client, users, two_sites):
    login(client, users["coordinator"])
    assert 'name="site"' not in client.get(reverse("edc:enrol")).content.decode()
    assert client.post(reverse("edc:enrol"), ENROL).status_code == 302
    assert Patient.objects.filter(study_id="ABL-002", site__code="ABL").exists()


def test_patient_list_dashboard_and_patient_page_show_the_site(client, users, world, two_sites):
    tor_coordinator = services.user_create(
        username="tor_c", role="coordinator", password=PASSWORD, sites=["TOR"], actor=SYSTEM
    )
    from tests.edc.conftest import enrol

    tor_patient = enrol(tor_coordinator)
    login(client, users["data_manager"])
    listing = client.get(reverse("edc:patient_list")).content.decode()
    assert 'id="id_site"' in listing and 'id="col-site"' in listing and "<td>TOR</td>" in listing
    only_tor = client.get(reverse("edc:patient_list"), {"site": "TOR"}).content.decode()
    assert "TOR-001" in only_tor and "ABL-001" not in only_tor
    dashboard = client.get(reverse("edc:dashboard")).content.decode()
    table = dashboard[dashboard.index('id="enrolment-by-site"') :]
    assert '<td title="Main site">ABL</td><td>1</td><td>0</td>' in table
    assert '<td title="Toronto General">TOR</td><td>1</td><td>0</td>' in table
    detail = client.get(reverse("edc:patient_detail", args=[tor_patient.pk])).content.decode()
    assert "Site TOR: Toronto General (America/Toronto)" in detail
    # A one-site coordinator's dashboard counts only their site.
    login(client, users["coordinator"])
    dashboard = client.get(reverse("edc:dashboard")).content.decode()
    assert "TOR" not in dashboard[dashboard.index('id="enrolment-by-site"') :].split("</table>")[0]


def test_the_users_page_gives_sites(client, users, two_sites):
    login(client, users["data_manager"])
    page = client.get(reverse("edc:user_list")).content.decode()
    assert "<th>Sites</th>" in page and 'name="sites" value="TOR"' in page and 'name="whole_study"' in page
    monitor = users["monitor"]
    client.post(reverse("edc:user_change_sites", args=[monitor.pk]), {"sites": ["ABL", "TOR"]})
    assert sorted(monitor.site_access.sites.values_list("code", flat=True)) == ["ABL", "TOR"]
    refused = client.post(
        reverse("edc:user_change_sites", args=[users["coordinator"].pk]), {"whole_study": "1"}, follow=True
    )
    assert "only a data manager, monitor or statistician may be given the whole study" in refused.content.decode()
    form = client.get(reverse("edc:user_new")).content.decode()
    assert 'name="sites"' in form and 'name="whole_study"' in form
    client.post(
        reverse("edc:user_new"),
        {
            "username": "tor_inv",
            "full_name": "Toni Example",
            "role": "investigator",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "sites": ["TOR"],
        },
    )
    from django.contrib.auth import get_user_model

    created = get_user_model().objects.get(username="tor_inv")
    assert list(created.site_access.sites.values_list("code", flat=True)) == ["TOR"]
