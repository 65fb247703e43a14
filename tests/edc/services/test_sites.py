"""Adding sites, enrolling at a site, and the users' sites (issue 14)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import AuditEvent, Site

from ..conftest import PASSWORD, enrol

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def _tor():
    return services.site_create(code="TOR", name="Toronto General", time_zone="America/Toronto", actor=SYSTEM)


def test_a_site_is_added_with_its_code_name_and_time_zone_and_audited():
    site = _tor()
    assert (site.code, site.name, site.time_zone) == ("TOR", "Toronto General", "America/Toronto")
    assert set(Site.objects.values_list("code", flat=True)) == {"ABL", "TOR"}
    assert AuditEvent.objects.filter(kind="sites_changed", detail="site TOR added (America/Toronto)").exists()


def test_bad_sites_are_refused_naming_the_field():
    _tor()
    with pytest.raises(ValidationError) as exc:
        services.site_create(code="TOR", name="", time_zone="Mars/Olympus", actor=SYSTEM)
    assert exc.value.message_dict == {
        "code": ["site code 'TOR' is taken"],
        "name": ["the site name is required, at most 100 characters"],
        "time_zone": ["'Mars/Olympus' is not an IANA time zone (e.g. Europe/Paris)"],
    }
    with pytest.raises(ValidationError, match="upper-case letter"):
        services.site_create(code="tor", name="x", time_zone="UTC", actor=SYSTEM)


def test_only_data_managers_add_sites(coordinator):
    with pytest.raises(PermissionDenied):
        services.site_create(code="TOR", name="x", time_zone="UTC", actor=Actor.staff(coordinator))


def test_enrolment_at_a_site_numbers_its_own_patients(data_manager):
    _tor()
    services.user_set_sites(account=data_manager, whole_study=True, actor=SYSTEM)
    data_manager.refresh_from_db()
    assert enrol(data_manager, site="TOR").study_id == "TOR-001"
    assert enrol(data_manager, site="ABL").study_id == "ABL-001"
    assert enrol(data_manager, site="TOR").study_id == "TOR-002"
    with pytest.raises(ValidationError) as exc:
        enrol(data_manager)
    assert exc.value.message_dict == {"site": ["Choose the site that enrols the patient."]}


def test_enrolment_outside_ones_sites_is_refused_without_confirming_the_site(coordinator):
    _tor()
    for code in ("TOR", "NOPE"):
        with pytest.raises(ValidationError) as exc:
            enrol(coordinator, site=code)
        assert exc.value.message_dict == {"site": [f"Site {code!r} is not one of your sites."]}
    assert enrol(coordinator).study_id == "ABL-001"  # the coordinator's only site


def test_users_sites_rules():
    _tor()
    with pytest.raises(ValidationError) as exc:
        services.user_create(username="c1", role="coordinator", password=PASSWORD, whole_study=True, actor=SYSTEM)
    assert exc.value.message_dict["sites"] == [
        "only a data manager, monitor or statistician may be given the whole study"
    ]
    with pytest.raises(ValidationError) as exc:
        services.user_create(username="c2", role="coordinator", password=PASSWORD, sites=["XYZ"], actor=SYSTEM)
    assert exc.value.message_dict["sites"] == ["no site has the code XYZ"]
    with pytest.raises(ValidationError) as exc:
        services.user_create(username="c3", role="coordinator", password=PASSWORD, actor=SYSTEM)
    assert "choose the user's sites" in exc.value.message_dict["sites"][0]
    user = services.user_create(
        username="c4", role="coordinator", password=PASSWORD, sites=["TOR", "ABL"], actor=SYSTEM
    )
    assert sorted(user.site_access.sites.values_list("code", flat=True)) == ["ABL", "TOR"]
    assert (
        AuditEvent.objects.get(subject_username="c4", kind="user_created").detail == "role coordinator; sites ABL, TOR"
    )
    services.user_set_sites(account=user, sites=["TOR"], actor=SYSTEM)
    assert AuditEvent.objects.get(subject_username="c4", kind="sites_changed").detail == "sites ABL, TOR -> TOR"
