"""Site-provided, licensed EORTC QLQ-C30 item wording (never shipped with ablacem)."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ablacem.protocol.ranges import QLQC30_N_ITEMS


def qlqc30_wording() -> dict[int, str] | None:
    """``{item number: text}`` from the CSV file named by ``settings.QLQC30_WORDING_FILE``.

    The EORTC QLQ-C30 wording is copyrighted: a site that holds a licence puts it in a local
    UTF-8 CSV file with the header ``item,text`` (item ``1``..``30`` or ``q1``..``q30``) and
    sets ``ABLACEM_QLQC30_WORDING`` to its path. Without that setting, returns None (forms
    show item numbers and the response scale).

    Raises
    ------
    ImproperlyConfigured
        When the setting names a file that is missing or malformed (the message names it).
    """
    name = getattr(settings, "QLQC30_WORDING_FILE", "") or ""
    if not name:
        return None
    path = Path(name)
    if not path.is_file():
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


def qlqc30_item_wording() -> dict[str, str]:
    """``{"q1": text, ...}`` keyed as the form fields are, from :func:`qlqc30_wording`; ``{}``
    without a site file (forms then show the item numbers and the response scale)."""
    return {f"q{number}": text for number, text in (qlqc30_wording() or {}).items() if text}
