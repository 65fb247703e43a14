"""tables.docx: title above, three-line table, footnote below, one table per section."""

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from ablacem.analysis.render.docx import write_docx


def _border(cell, edge):
    """The w:val of a cell's border edge, or None when the cell sets no such border."""
    pr = cell._tc.tcPr
    borders = pr.find(qn("w:tcBorders")) if pr is not None else None
    element = borders.find(qn(f"w:{edge}")) if borders is not None else None
    return element.get(qn("w:val")) if element is not None else None


def test_document_holds_every_table_with_its_title_and_note(tmp_path, tables):
    doc = Document(write_docx(tmp_path / "tables.docx", tables))
    assert len(doc.tables) == 3
    texts = [p.text for p in doc.paragraphs]
    for t in tables:
        assert t.title in texts
    assert "SD, standard deviation." in texts
    assert texts.index("Table 1. Baseline characteristics") < texts.index("SD, standard deviation.")
    first = doc.tables[0]
    assert [c.text for c in first.rows[0].cells] == ["Characteristic", "Value"]
    assert [c.text for c in first.rows[2].cells] == ["Female, n (%)", "12 (30.0)"]
    assert [c.text for c in doc.tables[1].rows[2].cells] == ["1 month", "35", ""]


def test_three_line_rules_and_a_section_per_table(tmp_path, tables):
    doc = Document(write_docx(tmp_path / "tables.docx", tables))
    table = doc.tables[0]
    header, body, last = table.rows[0].cells[0], table.rows[1].cells[0], table.rows[-1].cells[0]
    assert _border(header, "top") == "single" and _border(header, "bottom") == "single"
    assert _border(body, "top") != "single" and _border(body, "bottom") != "single"  # no rules inside the body
    assert _border(last, "bottom") == "single"
    assert _border(last, "left") == "nil" and _border(last, "right") == "nil"
    assert len(doc.sections) == 3
    assert doc.sections[2].orientation == WD_ORIENT.LANDSCAPE  # 7 columns
    assert doc.sections[2].page_width > doc.sections[2].page_height
    assert doc.sections[1].orientation == WD_ORIENT.PORTRAIT
