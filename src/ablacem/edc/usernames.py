"""What a username may be: a safe character set, and never a look-alike of another account's.

Pure Python (no Django): the user services and the command line call it.

Rules
-----
- Letters (any script), digits, ``.``, ``_`` and ``-``; the first character a letter or digit;
  at most :data:`MAX_LENGTH` characters (Django's username column). Names are compared after
  Unicode NFKC normalisation, as Django stores them.
- Two usernames may not share a *skeleton*: Unicode Technical Standard #39 (Unicode Security
  Mechanisms, version 15.1.0, section 4 "Confusable Detection") defines
  ``skeleton(X) = NFD(map each character of NFD(X) to its prototype)``; two strings are
  confusable when their skeletons are equal. Case is folded first (``str.casefold``), so
  ``Coordinator``, ``coordinator`` and the Cyrillic ``соordinator`` all collide (and ``rnark``
  with ``mark``, ``bi11`` with ``bill``).

The prototype of each character comes from the confusables table of UTS #39 as shipped by the
``confusable_homoglyphs`` package (its ``confusables.json``: each source character lists its
prototype, each prototype lists its sources). That package only answers "is this string mixed
script / confusable with a preferred script"; no maintained Python library computes the
skeleton, so the few lines that turn the table into a skeleton are here.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from confusable_homoglyphs.confusables import confusables_data

#: Django's ``User.username`` column length.
MAX_LENGTH = 150
#: The symbols a username may contain besides letters and digits (never first).
SYMBOLS = "._-"
RULE = f"use letters, digits, '.', '_' or '-' only, starting with a letter or digit (at most {MAX_LENGTH} characters)"
_LETTER_OR_DIGIT = {"Lu", "Ll", "Lt", "Lm", "Lo", "Nd"}
#: The direction marks the table wraps right-to-left characters in.
_MARKS = "\u200e\u200f"


def normalise(username: str) -> str:
    """The username as stored: NFKC-normalised (as Django's ``normalize_username``), trimmed."""
    return unicodedata.normalize("NFKC", username or "").strip()


def username_problem(username: str) -> str | None:
    """Why ``username`` is not allowed (see the module's rules), or None when it is."""
    name = normalise(username)
    if not name:
        return "a value is required"
    if len(name) > MAX_LENGTH or unicodedata.category(name[0]) not in _LETTER_OR_DIGIT:
        return RULE
    if any(unicodedata.category(ch) not in _LETTER_OR_DIGIT and ch not in SYMBOLS for ch in name):
        return RULE
    return None


def _entry(ch: str) -> list[str]:
    return [item["c"].strip(_MARKS) for item in confusables_data.get(ch, ())]


@cache
def prototype(ch: str) -> str:
    """The prototype of one character in the UTS #39 confusables table (itself when it has none).

    A source lists exactly its prototype; a prototype lists its sources. A pair that list only
    each other cannot tell which is the prototype: the smaller of the two stands for both (what
    matters is that both get the same one).
    """
    listed = _entry(ch)
    if len(listed) != 1:
        return ch
    (target,) = listed
    back = _entry(target)
    if len(back) == 1 and back[0] == ch:
        return min(ch, target)
    return target


def skeleton(username: str) -> str:
    """The UTS #39 skeleton of a case-folded username: equal skeletons look alike.

    Folded again after the mapping, since some prototypes are capitals (``0`` maps to ``O``).
    """
    text = unicodedata.normalize("NFD", normalise(username).casefold())
    return unicodedata.normalize("NFD", "".join(prototype(ch) for ch in text)).casefold()


def look_alike(username: str, existing) -> str | None:
    """The first of the ``existing`` usernames that ``username`` could be taken for, or None."""
    mine = skeleton(username)
    for other in existing:
        if skeleton(other) == mine:
            return other
    return None
