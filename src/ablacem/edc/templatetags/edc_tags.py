"""Template helpers: role checks, code-list labels and form-field rendering."""

from __future__ import annotations

from django import template

from ablacem.edc.roles import ROLE_LABELS, role_of
from ablacem.edc.roles import can as _can
from ablacem.edc.site_time import site_time

register = template.Library()


@register.filter
def can(user, action: str) -> bool:
    """``{% if user|can:"edit" %}``: whether the user may do the action (see :mod:`ablacem.edc.roles`)."""
    return _can(user, action)


@register.filter
def role_label(user) -> str:
    """The user's role as shown in the header ("no role" for an account without one)."""
    if getattr(user, "is_superuser", False):
        return "Administrator"
    role = role_of(user)
    return ROLE_LABELS.get(role, role.value) if role else "no role"


@register.filter
def get_item(mapping, key):
    """``{{ mapping|get_item:key }}`` for dictionaries in templates (None when absent)."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter(name="site_time")
def site_time_filter(value, seconds: bool = False) -> str:
    """``{{ when|site_time }}``: a time in the site time zone (:func:`ablacem.edc.site_time.site_time`)."""
    return site_time(value, seconds=bool(seconds))


@register.filter
def num(value, decimals: int = 1) -> str:
    """A number for display: blank when missing, otherwise rounded to ``decimals``."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if number != number:  # NaN
        return ""
    text = f"{number:.{int(decimals)}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.inclusion_tag("edc/_field.html", takes_context=True)
def field(context, bound_field, css: str = ""):
    """One form field with its label, input, help text and the messages next to it; on a page
    with query markers (``field_queries``, ``query_new_url``), the field's open queries and a
    link to raise one."""
    queries = (context.get("field_queries") or {}).get(bound_field.name, [])
    raise_url = context.get("query_new_url")
    return {
        "f": bound_field,
        "css": css,
        "queries": queries,
        "raise_url": f"{raise_url}?field={bound_field.name}" if raise_url else "",
        "patient": context.get("patient"),
    }
