"""Site-provided, licensed EORTC QLQ-C30 wording (never shipped with ablacem).

The file (UTF-8 CSV, header ``item,text``) has one row per text:

- ``1``..``30`` (or ``q1``..``q30``): the wording of that item;
- ``scale4:1``..``scale4:4``: the response labels of the 4-point scale of items 1-28;
- ``scale7:1``..``scale7:7``: the labels of the 7-point scale of items 29-30 (the EORTC
  questionnaire labels only its anchors, ``scale7:1`` and ``scale7:7``).

Files with item rows only (the format before response labels) read as before: the answer
buttons then show their numbers. Scale structure: EORTC QLQ-C30 version 3.0 (Aaronson et al.,
J Natl Cancer Inst 1993;85:365-376), :data:`ablacem.protocol.ranges.QLQC30_ITEM_RANGE`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ablacem.protocol.ranges import QLQC30_ITEM_RANGE, QLQC30_N_ITEMS

#: In ``ABLACEM_QLQC30_WORDING``, replaced by the language code: one licensed file per language.
LANGUAGE_PLACEHOLDER = "{lang}"
#: The language of the staff pages (the wording they show when there is one file per language).
STAFF_LANGUAGE = "en"
#: The prefix of a response-label row, followed by the scale's number of points (``scale4:2``).
SCALE_PREFIX = "scale"
#: The numbers of points of the questionnaire's response scales (4 and 7).
SCALE_POINTS = tuple(sorted({int(r.maximum) for r in QLQC30_ITEM_RANGE.values()}))


@dataclass(frozen=True)
class QLQC30Wording:
    """The content of one licensed wording file.

    Attributes
    ----------
    items : dict of int to str
        ``{item number: text}``.
    responses : dict of int to dict of int to str
        ``{points of the scale (4 or 7): {response value: label}}``; empty for an old file.
    """

    items: dict[int, str] = field(default_factory=dict)
    responses: dict[int, dict[int, str]] = field(default_factory=dict)


def wording_path(language: str | None = None) -> Path | None:
    """The wording file for ``language`` (None: the staff pages' language), or None when unset.

    ``ABLACEM_QLQC30_WORDING`` names one file, used for every language, or a pattern with
    ``{lang}`` (``/srv/eortc/qlqc30_{lang}.csv``) naming one licensed file per language.
    """
    name = getattr(settings, "QLQC30_WORDING_FILE", "") or ""
    if not name:
        return None
    return Path(name.replace(LANGUAGE_PLACEHOLDER, language or STAFF_LANGUAGE))


def _response_key(path: Path, line: int, key: str) -> tuple[int, int]:
    points_text, _, value_text = key.removeprefix(SCALE_PREFIX).partition(":")
    allowed = " or ".join(f"{SCALE_PREFIX}{p}:1-{p}" for p in SCALE_POINTS)
    if not (points_text.isdigit() and value_text.isdigit()) or int(points_text) not in SCALE_POINTS:
        raise ImproperlyConfigured(f"{path}, line {line}: a response label's item must be {allowed}, not {key!r}")
    points, value = int(points_text), int(value_text)
    if not 1 <= value <= points:
        raise ImproperlyConfigured(f"{path}, line {line}: a response label's item must be {allowed}, not {key!r}")
    return points, value


def qlqc30_wording_file(language: str | None = None) -> QLQC30Wording | None:
    """The licensed wording file in ``language`` (``settings.QLQC30_WORDING_FILE``), read.

    The EORTC QLQ-C30 wording is copyrighted: a site that holds a licence puts it in a local
    file (format in this module's docstring) and sets ``ABLACEM_QLQC30_WORDING`` to its path,
    or to a pattern with ``{lang}`` for one file per language (:func:`wording_path`). Without
    that setting, returns None (forms show item numbers and the response scale); likewise
    when the pattern's file for ``language`` is not installed.

    Raises
    ------
    ImproperlyConfigured
        When the setting names a single file that is missing, or a file that is malformed
        (the message names the file, the line and the rule).
    """
    path = wording_path(language)
    if path is None:
        return None
    if not path.is_file():
        if LANGUAGE_PLACEHOLDER in settings.QLQC30_WORDING_FILE:
            return None
        raise ImproperlyConfigured(f"ABLACEM_QLQC30_WORDING names {path}, which does not exist")
    wording = QLQC30Wording()
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"item", "text"} <= set(reader.fieldnames):
            raise ImproperlyConfigured(f"{path} must have the header item,text")
        for line, row in enumerate(reader, start=2):
            key = (row["item"] or "").strip().lower()
            text = (row["text"] or "").strip()
            if key.startswith(SCALE_PREFIX):
                points, value = _response_key(path, line, key)
                wording.responses.setdefault(points, {})[value] = text
                continue
            number = key.removeprefix("q")
            if not number.isdigit() or not 1 <= int(number) <= QLQC30_N_ITEMS:
                raise ImproperlyConfigured(
                    f"{path}, line {line}: item must be 1-{QLQC30_N_ITEMS} (or a response label, "
                    f"{SCALE_PREFIX}4:1-4 or {SCALE_PREFIX}7:1-7)"
                )
            wording.items[int(number)] = text
    return wording


def qlqc30_wording(language: str | None = None) -> dict[int, str] | None:
    """``{item number: text}`` from the licensed wording file (:func:`qlqc30_wording_file`),
    or None when it is not installed.

    Raises
    ------
    ImproperlyConfigured
        As :func:`qlqc30_wording_file`.
    """
    wording = qlqc30_wording_file(language)
    return None if wording is None else wording.items


def qlqc30_item_wording(language: str | None = None) -> dict[str, str]:
    """``{"q1": text, ...}`` keyed as the form fields are, from :func:`qlqc30_wording`; ``{}``
    without a site file (forms then show the item numbers and the response scale)."""
    return {f"q{number}": text for number, text in (qlqc30_wording(language) or {}).items() if text}


def qlqc30_response_labels(language: str | None = None) -> dict[str, dict[int, str]]:
    """``{"q1": {1: label, ...}, ..., "q30": {1: label, 7: label}}``: each item's response labels
    from the licensed file (its scale's, 4 or 7 points), keyed as the form fields are.

    ``{}`` without a site file or when the file has no response labels (an older file): the
    answer buttons then show their numbers only. A blank label is left out.
    """
    wording = qlqc30_wording_file(language)
    if wording is None:
        return {}
    labels: dict[str, dict[int, str]] = {}
    for item, rng in QLQC30_ITEM_RANGE.items():
        scale = {value: text for value, text in wording.responses.get(int(rng.maximum), {}).items() if text}
        if scale:
            labels[item] = scale
    return labels
