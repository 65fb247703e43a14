"""The migration that creates sites gives existing patients and users the default site."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.test import override_settings

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Patient, Site, SiteAccess
from ablacem.edc.selectors import audit_chain_verify

from ..conftest import PASSWORD, enrol

pytestmark = pytest.mark.django_db

_MIGRATIONS = Path(importlib.import_module("ablacem.edc.migrations").__file__).parent
sites_migration = importlib.import_module("ablacem.edc.migrations." + next(_MIGRATIONS.glob("*_sites.py")).stem)


def test_existing_patients_and_users_get_the_default_site_from_settings():
    system = Actor.system("test")
    coordinator = services.user_create(username="c", role="coordinator", password=PASSWORD, actor=system)
    monitor = services.user_create(username="m", role="monitor", password=PASSWORD, actor=system)
    first, second = enrol(coordinator), enrol(coordinator)
    # As a database from before sites: no site on the patients, no site rows, no memberships.
    Patient.objects.update(site=None)
    SiteAccess.objects.all().delete()
    Site.objects.all().delete()

    with override_settings(ABLACEM_SITE_CODE="LYO", ABLACEM_SITE_NAME="Lyon Sud", TIME_ZONE="Asia/Tokyo"):
        sites_migration.create_default_site(apps, None)

    site = Site.objects.get()
    assert (site.code, site.name, site.time_zone) == ("LYO", "Lyon Sud", "Asia/Tokyo")
    assert set(Patient.objects.values_list("site__code", flat=True)) == {"LYO"}
    mine, theirs = SiteAccess.objects.get(user=coordinator), SiteAccess.objects.get(user=monitor)
    assert list(mine.sites.all()) == [site] and not mine.whole_study
    assert theirs.whole_study and list(theirs.sites.all()) == [site]
    # The patients' history rows keep their content: the audit chain still verifies.
    assert audit_chain_verify().ok
    # Their study IDs stay as they were.
    assert (
        set(Patient.objects.values_list("study_id", flat=True))
        == {first.study_id, second.study_id}
        == {
            "ABL-001",
            "ABL-002",
        }
    )
