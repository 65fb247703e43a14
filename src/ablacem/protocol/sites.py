"""Sites and their study IDs: the rule every capture path and import applies.

A site (a recruiting centre) has a short code that starts its patients' study IDs
(``TOR-001``). A single-site installation keeps the IDs it always had (its one site's code is
:data:`ablacem.protocol.study.PATIENT_ID_PREFIX`, ``ABL``, by default); with several sites a
study ID must start with the code of the patient's own site.
"""

from __future__ import annotations

import re

#: A site code: an upper-case letter, then 1 to 7 upper-case letters or digits (``TOR``, ``LYO2``).
SITE_CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
SITE_CODE_RULE = "an upper-case letter then 1 to 7 upper-case letters or digits (e.g. TOR)"
SITE_CODE_MAX_CHARS = 8
SITE_NAME_MAX_CHARS = 100


def site_code_problem(code: str) -> str | None:
    """Why ``code`` is not a valid site code, or None when it is."""
    if not SITE_CODE_PATTERN.match(code or ""):
        return f"site code {code!r} must be {SITE_CODE_RULE}"
    return None


def study_id_for(site_code: str, number: int) -> str:
    """The study ID of a site's ``number``-th patient: ``TOR-001`` (the width grows past 999)."""
    return f"{site_code}-{number:03d}"


def study_id_number(study_id: str, site_code: str) -> int | None:
    """The patient number of ``study_id`` when it has the form ``<site_code>-<digits>``, else None."""
    m = re.fullmatch(rf"{re.escape(site_code)}-(\d+)", study_id or "")
    return int(m.group(1)) if m else None


def study_id_problem(study_id: str, site_code: str, *, several_sites: bool) -> str | None:
    """Why ``study_id`` cannot belong to a patient of site ``site_code``, or None.

    With one site any study ID is kept (single-site installations keep their existing IDs);
    with several, the ID must start with the site code and a hyphen (``TOR-...``), so that an
    ID says where the patient is followed.
    """
    if several_sites and not (study_id or "").startswith(f"{site_code}-"):
        return f"study ID {study_id!r} must start with its site's code and a hyphen ({site_code}-001)"
    return None
