"""Site-scoped access (issue 14): which sites an actor reaches, and the default site.

Coordinators and investigators reach the sites they belong to; data managers, monitors and
statisticians their sites or the whole study (:class:`~ablacem.edc.models.site.SiteAccess`);
superusers and the system on its own reach every site. With a single site everyone reaches it,
so a single-site installation works exactly as before sites existed. Outside a user's sites a
patient does not exist for them: ``visible_to`` leaves it out, so its pages are 404s.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from .actors import Actor
from .models.site import Site, SiteAccess

#: Roles that may be given the whole study rather than a list of sites.
WHOLE_STUDY_ROLES = frozenset({"data_manager", "monitor", "statistician"})


def several_sites() -> bool:
    """Whether the installation has more than one site (sites then show on pages)."""
    return Site.objects.count() > 1


def default_site() -> Site:
    """The site of setting ``ABLACEM_SITE_CODE`` (created with ``ABLACEM_SITE_NAME`` and
    ``TIME_ZONE`` when missing, as the migration that introduced sites does)."""
    site, _ = Site.objects.get_or_create(
        code=settings.ABLACEM_SITE_CODE,
        defaults={"name": settings.ABLACEM_SITE_NAME, "time_zone": settings.TIME_ZONE},
    )
    return site


def _user_scope(user) -> frozenset[int] | None:
    from .roles import role_of

    access = SiteAccess.objects.filter(user=user).first()
    if access is not None and access.whole_study and role_of(user) in WHOLE_STUDY_ROLES:
        return None
    return frozenset(access.sites.values_list("pk", flat=True)) if access is not None else frozenset()


def site_scope(actor: Actor) -> frozenset[int] | None:
    """The keys of the sites ``actor`` reaches, or None for every site.

    Parameters
    ----------
    actor : Actor
        A staff user, API client or the system (a patient reaches only their own records, which
        :meth:`~ablacem.edc.models.base.ClinicalQuerySet.visible_to` handles apart).

    Returns
    -------
    frozenset of int or None
        None with a single site, for a superuser, for the system on its own and for a
        whole-study user; otherwise the user's sites (empty: no patient at all).
    """
    user = actor.user
    if user is None or user.is_superuser:  # the system on its own
        return None
    cached = getattr(user, "_ablacem_sites", False)  # once per request (a fresh user object each)
    if cached is not False:
        return cached
    scope = _user_scope(user) if several_sites() else None
    user._ablacem_sites = scope
    return scope


def sites_of(actor: Actor):
    """The :class:`Site` rows ``actor`` reaches (every site when unrestricted), by code."""
    scope = site_scope(actor)
    sites = Site.objects.all()
    return sites if scope is None else sites.filter(pk__in=scope)


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def day_at(time_zone: str | None, now: dt.datetime) -> dt.date:
    """The date at ``now`` in ``time_zone``: the one rule for a site's day.

    Every date decision about a patient (which visits are due or open, which messages are due,
    whether a link opens, whether a date is in the future) is taken on the day of the site that
    owns the patient (issue 14: a site, with its time zone, owns its patients), so at one
    instant a patient in Auckland may already be on the next day while one in Los Angeles is
    not. With one site, whose time zone is ``TIME_ZONE``, this is the day every page used
    before sites existed.

    Parameters
    ----------
    time_zone : str or None
        An IANA time zone (a site's ``time_zone``); None or empty: the default time zone
        (setting ``TIME_ZONE``), for a patient saved before sites existed.
    now : datetime
        An aware datetime.

    Returns
    -------
    date
    """
    zone = _zone(time_zone) if time_zone else timezone.get_default_timezone()
    return timezone.localdate(now, zone)


def site_today(site: Site | None, now: dt.datetime | None = None) -> dt.date:
    """The date at ``now`` (default: now) in ``site``'s time zone (the default time zone when None)."""
    return day_at(site.time_zone if site is not None else None, now or timezone.now())


def patient_today(patient, now: dt.datetime | None = None) -> dt.date:
    """The date at ``now`` (default: now) on the site of ``patient`` (a :class:`~ablacem.edc.models.Patient`)."""
    return site_today(patient.site if patient.site_id is not None else None, now)


def site_days(now: dt.datetime | None = None) -> dict[int | None, dt.date]:
    """Each site's date at ``now`` (default: now), by site key; key None: the default time
    zone's date, for a patient without a site. One query."""
    now = now or timezone.now()
    days: dict[int | None, dt.date] = {None: day_at(None, now)}
    for pk, zone in Site.objects.values_list("pk", "time_zone"):
        days[pk] = day_at(zone, now)
    return days
