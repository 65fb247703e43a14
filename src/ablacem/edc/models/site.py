"""Sites (recruiting centres) and which sites each user reaches (issue 14)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ablacem.protocol.sites import SITE_CODE_MAX_CHARS, SITE_NAME_MAX_CHARS


class Site(models.Model):
    """A recruiting centre: it owns its patients and gives its code to their study IDs.

    Attributes
    ----------
    code : str
        Short code (``TOR``), the prefix of its patients' study IDs
        (:mod:`ablacem.protocol.sites`); kept in de-identified exports (it names a hospital,
        not a person).
    name : str
        Full name shown on pages.
    time_zone : str
        IANA time zone (``Europe/Paris``): what "today" means for its patients (visit windows).
    """

    code = models.CharField("Site code", max_length=SITE_CODE_MAX_CHARS, unique=True)
    name = models.CharField("Site name", max_length=SITE_NAME_MAX_CHARS)
    time_zone = models.CharField("Time zone", max_length=64)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class SiteAccess(models.Model):
    """Which sites a user reaches: ``whole_study`` (data managers, monitors and statisticians
    only) or the listed ``sites``. A user without a row reaches no site once there are several
    (with one site, everyone reaches it: :func:`ablacem.edc.sites.site_scope`)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="site_access")
    whole_study = models.BooleanField(default=False)
    sites = models.ManyToManyField(Site, blank=True, related_name="members")

    def __str__(self) -> str:
        return f"site access of user {self.user_id}"
