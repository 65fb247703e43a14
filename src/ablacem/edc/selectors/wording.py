"""Site-provided, licensed EORTC QLQ-C30 item wording (never shipped with ablacem)."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ablacem.protocol.ranges import QLQC30_N_ITEMS

#: In ``ABLACEM_QLQC30_WORDING``, replaced by the language code: one licensed file per language.
LANGUAGE_PLACEHOLDER = "{lang}"
#: The language of the staff pages (the wording they show when there is one file per language).
STAFF_LANGUAGE = "en"


def wording_path(language: str | None = None) -> Path | None:
    """The wording file for ``language`` (None: the staff pages' language), or None when unset.

    ``ABLACEM_QLQC30_WORDING`` names one file, used for every language, or a pattern with
    ``{lang}`` (``/srv/eortc/qlqc30_{lang}.csv``) naming one licensed file per language.
    """
    name = getattr(settings, "QLQC30_WORDING_FILE", "") or ""
    if not name:
        return None
    return Path(name.replace(LANGUAGE_PLACEHOLDER, language or STAFF_LANGUAGE))


def qlqc30_wording(language: str | None = None) -> dict[int, str] | None:
    """``{item number: text}`` from the licensed wording file (``settings.QLQC30_WORDING_FILE``).

    The EORTC QLQ-C30 wording is copyrighted: a site that holds a licence puts it in a local
    UTF-8 CSV file with the header ``item,text`` (item ``1``..``30`` or ``q1``..``q30``) and
    sets ``ABLACEM_QLQC30_WORDING`` to its path, or to a pattern with ``{lang}`` for one file
    per language (:func:`wording_path`). Without that setting, returns None (forms show item
    numbers and the response scale); likewise when the pattern's file for ``language`` is
    not installed.

    Raises
    ------
    ImproperlyConfigured
        When the setting names a single file that is missing, or a file that is malformed
        (the message names it).
    """
    path = wording_path(language)
    if path is None:
        return None
    if not path.is_file():
        if LANGUAGE_PLACEHOLDER in settings.QLQC30_WORDING_FILE:
            return None
        raise ImproperlyConfigured(f"ABLACEM_QLQC30_WORDING names {path}, which does not exist")
    wording: dict[int, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"item", "text"} <= set(reader.fieldnames):
            raise ImproperlyConfigured(f"{path} must have the header item,text")
        for line, row in enumerate(reader, start=2):
            key = (row["item"] or "").strip().lower().removeprefix("q")
            if not key.isdigit() or not 1 <= int(key) <= QLQC30_N_ITEMS:
                raise ImproperlyConfigured(f"{path}, line {line}: item must be 1-{QLQC30_N_ITEMS}")
            wording[int(key)] = (row["text"] or "").strip()
    return wording


def qlqc30_item_wording(language: str | None = None) -> dict[str, str]:
    """``{"q1": text, ...}`` keyed as the form fields are, from :func:`qlqc30_wording`; ``{}``
    without a site file (forms then show the item numbers and the response scale)."""
    return {f"q{number}": text for number, text in (qlqc30_wording(language) or {}).items() if text}
