"""The blank annotated CRF: every column of every clinical table, with types, ranges and code lists."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from ablacem.dataset.schema import CLINICAL_TABLES
from ablacem.interop.pdf import blank_crf_pdf
from ablacem.protocol import codelists as cl
from ablacem.protocol import ranges as rg


def _text(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", "", text), len(reader.pages)


def test_every_column_name_of_every_clinical_table_is_printed():
    text, _ = _text(blank_crf_pdf(printed_at="2026-12-01 10:00"))
    missing = [f"{t.name}.{c.name}" for t in CLINICAL_TABLES for c in t.columns if c.name not in text]
    assert missing == []
    for table in CLINICAL_TABLES:
        assert table.name in text


def test_types_ranges_units_and_code_lists_are_printed():
    text, pages = _text(blank_crf_pdf(printed_at="2026-12-01 10:00"))
    assert "wholenumber" in text and "date(YYYY-MM-DD)" in text and "yes/no" in text
    assert f"{rg.CEMENT_ML.minimum:g}to{rg.CEMENT_ML.maximum:g}mL" in text  # cement volume, 0 to 50 mL
    assert "[ae_causality]" in text
    for item in cl.AE_CAUSALITY.items:
        assert re.sub(r"\s+", "", f"{item.code} = {item.label}") in text
    assert f"Page1of{pages}" in text and "printed2026-12-0110:00" in text
