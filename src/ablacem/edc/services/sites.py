"""Sites: adding a recruiting centre (issue 14)."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import transaction

from ablacem.protocol.sites import SITE_NAME_MAX_CHARS, site_code_problem

from ..actors import Actor
from ..models.audit_event import AuditEventKind
from ..models.site import Site
from ..roles import Action
from ..sites import default_site
from ._common import require
from .audit_events import audit_event_record


@transaction.atomic
def site_create(*, code: str, name: str, time_zone: str, actor: Actor) -> Site:
    """Add a site; its code starts the study IDs of the patients it enrols.

    The first site added to a single-site installation makes it multi-site: from then on each
    user reaches only the sites they are given (the migration gave existing users the default
    site, and data managers, monitors and statisticians the whole study).

    Parameters
    ----------
    code : str
        :data:`ablacem.protocol.sites.SITE_CODE_PATTERN` (``TOR``), unique.
    name : str
        The site's full name (at most 100 characters).
    time_zone : str
        An IANA time zone (``America/Toronto``): "today" for the site's patients.
    actor : Actor
        Needs ``manage_users`` (a data manager, or the system from ``ablacem site add``).

    Raises
    ------
    ValidationError
        ``{"code": [...]}``, ``{"name": [...]}`` or ``{"time_zone": [...]}``.
    PermissionDenied
    """
    require(actor, Action.MANAGE_USERS)
    default_site()  # the installation's own site exists before any other
    errors: dict[str, list[str]] = {}
    code = (code or "").strip()
    if problem := site_code_problem(code):
        errors["code"] = [problem]
    elif Site.objects.filter(code=code).exists():
        errors["code"] = [f"site code {code!r} is taken"]
    name = " ".join((name or "").split())
    if not name or len(name) > SITE_NAME_MAX_CHARS:
        errors["name"] = [f"the site name is required, at most {SITE_NAME_MAX_CHARS} characters"]
    try:
        ZoneInfo(time_zone or "")
    except (ZoneInfoNotFoundError, ValueError):
        errors["time_zone"] = [f"{time_zone!r} is not an IANA time zone (e.g. Europe/Paris)"]
    if errors:
        raise ValidationError(errors)
    site = Site.objects.create(code=code, name=name, time_zone=time_zone)
    audit_event_record(actor=actor, kind=AuditEventKind.SITES_CHANGED, detail=f"site {code} added ({time_zone})")
    return site
