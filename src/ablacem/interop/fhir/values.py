"""Reading one cell of the tidy dataset as a FHIR value (missing stays missing)."""

from __future__ import annotations

import pandas as pd


def present(value: object) -> bool:
    """Whether a cell holds a value (not None, NaN, NaT or ``<NA>``)."""
    return not (value is None or (not isinstance(value, list | tuple | dict) and pd.isna(value)))


def fhir_date(value: object) -> str | None:
    """An ISO 8601 date (``YYYY-MM-DD``) of a date cell, or None."""
    if not present(value):
        return None
    return pd.Timestamp(value).date().isoformat()


def number(value: object) -> float | int | None:
    """A JSON number of a numeric cell (whole floats stay floats: 5.0 is a VAS of 5.0), or None."""
    if not present(value):
        return None
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if float(value).is_integer() and not isinstance(value, float):
        return int(value)
    return float(value)


def put_entry(full_url: str, resource: dict, search: str) -> dict:
    """A transaction entry: conditional update (``PUT Type?search``) of ``resource``.

    The conditional update creates the resource on a first export and updates the same one on
    the next (FHIR R4, http.html#cond-update), so re-sending a patient's bundle never duplicates.
    """
    return {
        "fullUrl": full_url,
        "resource": resource,
        "request": {"method": "PUT", "url": f"{resource['resourceType']}?{search}"},
    }


def identifier(system: str, value: str) -> dict:
    """A FHIR Identifier."""
    return {"system": system, "value": value}


def by_identifier(system: str, value: str) -> str:
    """The search part of a conditional update on one identifier."""
    return f"identifier={system}|{value}"
