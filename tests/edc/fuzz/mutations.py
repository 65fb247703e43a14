"""Mutations of CSV files, as a clumsy user or a broken transfer would make them."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.edc.fuzz.strategies import NASTY_TEXT

CELL_VALUES = [
    *NASTY_TEXT,
    "NA",
    "n/a",
    "-1",
    "1e-320",
    "1e308",
    "nan",
    "inf",
    "3.14159265",
    "99999999999999999999",
    "2025-02-30",
    "1900-01-01",
    "9999-12-31",
    "31/12/2025",
    "TRUE",
    "yes",
    "0x10",
    "ABL-001",
    '"unbalanced',
]


@st.composite
def mutated(draw, text: str) -> str:
    """``text`` (a CSV file) with one random mutation applied."""
    lines = text.split("\n")
    body = [i for i in range(1, len(lines)) if lines[i]]
    kind = draw(st.sampled_from(["cell", "cell", "cell", "delete", "duplicate", "truncate", "header", "bytes"]))
    if kind == "cell" and body:
        i = draw(st.sampled_from(body))
        cells = lines[i].split(",")
        j = draw(st.integers(0, len(cells) - 1))
        cells[j] = draw(st.one_of(st.sampled_from(CELL_VALUES), st.text(max_size=12)))
        lines[i] = ",".join(cells)
    elif kind == "delete" and body:
        del lines[draw(st.sampled_from(body))]
    elif kind == "duplicate" and body:
        i = draw(st.sampled_from(body))
        lines.insert(i, lines[i])
    elif kind == "truncate":
        return text[: draw(st.integers(0, max(0, len(text) - 1)))]
    elif kind == "header":
        header = lines[0].split(",")
        j = draw(st.integers(0, len(header) - 1))
        header[j] = draw(st.sampled_from(["", header[j].upper(), header[j] + "_x", header[0]]))
        lines[0] = ",".join(header)
    else:
        at = draw(st.integers(0, len(text)))
        junk = draw(st.sampled_from(["\ufeff", "\x00", ";", '"', "\r", ",,,", "\u202e"]))
        return text[:at] + junk + text[at:]
    return "\n".join(lines)
