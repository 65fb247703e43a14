"""Django choices built from :mod:`ablacem.protocol.codelists` (never re-declared here)."""

from __future__ import annotations

from ablacem.protocol.codelists import CodeList


def str_choices(codes: CodeList) -> list[tuple[str, str]]:
    """``(code, label)`` pairs of a text-coded list."""
    return codes.choices


def int_choices(codes: CodeList) -> list[tuple[int, str]]:
    """``(int(code), label)`` pairs of a list whose codes are points or grades (SINS, ECOG, ...)."""
    return [(int(item.code), item.label) for item in codes]


def max_len(codes: CodeList) -> int:
    """A CharField length that fits every code of the list, with room to grow."""
    return max(24, *(len(c) for c in codes.codes))
