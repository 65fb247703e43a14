"""Site-scoped access (issue 14): which sites each actor reaches."""

from __future__ import annotations

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Patient
from ablacem.edc.roles import Action, can
from ablacem.edc.sites import default_site, several_sites, site_scope, site_today

from .conftest import PASSWORD, enrol

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def _user(name, role, **kw):
    return services.user_create(username=name, role=role, password=PASSWORD, actor=SYSTEM, **kw)


def test_a_single_site_installation_reaches_every_patient_whoever_asks():
    coordinator = _user("coord", "coordinator")
    patient = enrol(coordinator)
    assert not several_sites() and patient.site == default_site() and patient.study_id == "ABL-001"
    assert site_scope(Actor.staff(coordinator)) is None
    assert list(Patient.objects.visible_to(Actor.staff(coordinator))) == [patient]


def test_with_two_sites_users_reach_their_own_and_whole_study_users_both():
    abl = _user("coord", "coordinator")  # created while single-site: belongs to ABL
    tor = services.site_create(code="TOR", name="Toronto", time_zone="America/Toronto", actor=SYSTEM)
    tor_coord = _user("tor_coord", "coordinator", sites=["TOR"])
    monitor = _user("mon", "monitor", whole_study=True)
    statistician = _user("stat", "statistician", sites=["TOR"])
    mine, theirs = enrol(abl), enrol(tor_coord)
    assert (mine.study_id, theirs.study_id, theirs.site) == ("ABL-001", "TOR-001", tor)

    assert list(Patient.objects.visible_to(Actor.staff(abl))) == [mine]
    assert list(Patient.objects.visible_to(Actor.staff(tor_coord))) == [theirs]
    assert set(Patient.objects.visible_to(Actor.staff(monitor))) == {mine, theirs}
    assert list(Patient.objects.visible_to(statistician, Action.EXPORT_DEIDENTIFIED)) == [theirs]
    assert can(abl, Action.EDIT, mine) and not can(abl, Action.EDIT, theirs)
    assert can(monitor, Action.VIEW_CLINICAL, theirs)
    # The system on its own reaches every site; on behalf of a user, that user's sites.
    assert site_scope(SYSTEM) is None
    assert site_scope(Actor.system("import", user=tor_coord)) == frozenset({tor.pk})


def test_a_user_without_sites_reaches_no_patient_once_there_are_several():
    services.site_create(code="TOR", name="Toronto", time_zone="America/Toronto", actor=SYSTEM)
    coordinator = _user("coord", "coordinator", sites=["TOR"])
    enrol(coordinator)
    services.user_set_sites(account=coordinator, sites=["ABL"], actor=SYSTEM)
    coordinator.refresh_from_db()
    assert site_scope(Actor.staff(coordinator)) == frozenset({default_site().pk})
    assert not Patient.objects.visible_to(coordinator).exists()


def test_today_is_the_sites_day():
    import datetime as dt
    from zoneinfo import ZoneInfo

    tokyo = services.site_create(code="TYO", name="Tokyo", time_zone="Asia/Tokyo", actor=SYSTEM)
    assert site_today(tokyo) == dt.datetime.now(ZoneInfo("Asia/Tokyo")).date()
