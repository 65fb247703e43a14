"""Every patient-facing string of the ePRO pages has its French translation in the repository's .po."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import translation

import ablacem.epro

EPRO = Path(ablacem.epro.__file__).parent
PO_FILE = EPRO / "locale" / "fr" / "LC_MESSAGES" / "django.po"

_TRANSLATE = re.compile(r'{%\s*translate\s+"((?:[^"\\]|\\.)*)"')
_BLOCK = re.compile(r"{%\s*blocktranslate\b[^%]*%}(.*?){%\s*endblocktranslate\s*%}", re.S)
_GETTEXT = re.compile(r'\b_\(\s*"((?:[^"\\]|\\.)*)"\s*\)')
_NGETTEXT = re.compile(r'ngettext\(\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)"')


def _patient_msgids() -> set:
    """Message ids of the patient templates and the ePRO Python code (plural forms as pairs)."""
    ids: set = set()
    for template in EPRO.rglob("*.html"):
        if "staff" in template.parts:  # the staff panel is English, like the rest of the EDC
            continue
        text = template.read_text(encoding="utf-8")
        ids.update(_TRANSLATE.findall(text))
        for body in _BLOCK.findall(text):
            body = re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", body)
            ids.add(tuple(body.split("{% plural %}")) if "{% plural %}" in body else body)
    for module in EPRO.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        ids.update(_GETTEXT.findall(text))
        ids.update(_NGETTEXT.findall(text))
    return ids


def _catalog():
    with PO_FILE.open("rb") as fh:
        return read_po(fh, locale="fr")


def test_the_extraction_finds_the_patient_strings():
    ids = _patient_msgids()
    assert {"Your pain", "Check your answers", "Link not found", "Step %(number)s of %(total)s"} <= ids
    assert ("%(n)s time a day", "%(n)s times a day") in ids


def test_every_patient_string_has_a_french_translation():
    catalog = _catalog()
    missing = []
    for msgid in sorted(_patient_msgids(), key=str):
        message = catalog.get(msgid[0] if isinstance(msgid, tuple) else msgid)
        strings = message.string if message is not None else None
        if not strings or (isinstance(strings, tuple) and not all(strings)):
            missing.append(msgid)
    assert not missing, f"no French translation in {PO_FILE.name}: {missing}"


def test_no_translation_is_left_fuzzy():
    assert not [m.id for m in _catalog() if m.id and m.fuzzy]


@pytest.mark.parametrize(
    ("english", "french"),
    [("Your pain", "Votre douleur"), ("1 week after your procedure", "1 semaine après votre intervention")],
)
def test_the_compiled_catalogue_is_used(english, french):
    with translation.override("fr"):
        assert translation.gettext(english) == french
