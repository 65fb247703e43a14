"""Times a person reads are in the site time zone (``TIME_ZONE``), everywhere the same."""

import datetime as dt

from django.template import Context, Template

from ablacem.edc.services.errors import StaleEditError
from ablacem.edc.site_time import site_time

SUMMER_UTC = dt.datetime(2025, 7, 1, 5, 24, 31, tzinfo=dt.UTC)  # 07:24 in Paris (UTC+2)
WINTER_UTC = dt.datetime(2025, 1, 15, 5, 24, tzinfo=dt.UTC)  # 06:24 in Paris (UTC+1)


def test_site_time_formats_in_the_configured_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    assert site_time(SUMMER_UTC) == "2025-07-01 07:24"
    assert site_time(SUMMER_UTC, seconds=True) == "2025-07-01 07:24:31"
    assert site_time(WINTER_UTC) == "2025-01-15 06:24"
    assert site_time(None) == ""
    settings.TIME_ZONE = "America/New_York"
    assert site_time(SUMMER_UTC) == "2025-07-01 01:24"


def test_the_stale_edit_message_says_the_time_the_audit_trail_says(settings):
    settings.TIME_ZONE = "Europe/Paris"
    error = StaleEditError(model="visit", changed_by="ann", changed_at=SUMMER_UTC, current_version=3)
    assert "changed by ann at 2025-07-01 07:24 since you opened it" in str(error)


def test_pages_use_the_same_helper(settings):
    settings.TIME_ZONE = "Europe/Paris"
    page = Template("{% load edc_tags %}{{ t|site_time }} / {{ t|site_time:True }}").render(Context({"t": SUMMER_UTC}))
    assert page == "2025-07-01 07:24 / 2025-07-01 07:24:31"
