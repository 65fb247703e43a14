"""Times as a person reads them: in the site's time zone (setting ``TIME_ZONE``), one format.

Every time a page or a message shows (a stale-edit message, the audit trail, a signature)
goes through :func:`site_time`, so that the same moment never reads 06:24 in one place and
07:24 in another. Machine-readable exports keep ISO 8601 with the UTC offset instead.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def site_time(value: dt.datetime | None, *, seconds: bool = False) -> str:
    """``value`` in the site time zone as ``YYYY-MM-DD HH:MM`` (``:SS`` with ``seconds``).

    Parameters
    ----------
    value : datetime or None
        An aware datetime (Django stores UTC); a naive one is taken as already in site time.
    seconds : bool
        Show the seconds (the audit trail orders changes made within one minute).

    Returns
    -------
    str
        The formatted time, or "" for None.
    """
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value, timezone.get_default_timezone())
    return value.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
