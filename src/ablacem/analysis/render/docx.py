"""``tables.docx``: journal-style tables a clinician can paste into a manuscript (python-docx)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from ablacem.analysis.model import ReportTable

from .cells import cell_text, header_text

#: Tables wider than this many columns get a landscape page.
LANDSCAPE_FROM_COLUMNS = 7
_FONT = "Arial"
_BODY_PT = 8


def _set_borders(cell, **edges: bool) -> None:
    """Single 0.75 pt rule on the named edges (top, bottom) of a cell, none elsewhere."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = tc_pr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        tc_pr.append(borders)
    for edge in ("top", "left", "bottom", "right"):
        element = borders.find(qn(f"w:{edge}"))
        if element is None:
            element = OxmlElement(f"w:{edge}")
            borders.append(element)
        if edges.get(edge):
            element.set(qn("w:val"), "single")
            element.set(qn("w:sz"), "6")
            element.set(qn("w:color"), "000000")
        elif element.get(qn("w:val")) != "single":
            element.set(qn("w:val"), "nil")


def _write_cell(cell, text: str, *, bold: bool = False, align_right: bool = False) -> None:
    # Font, size and spacing come from the document's Normal style: per-run formatting costs
    # python-docx about a millisecond per cell.
    paragraph = cell.paragraphs[0]
    if align_right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if bold:
        paragraph.add_run(text).bold = True
    else:
        cell.text = text


def _orient(section, landscape: bool) -> None:
    width, height = section.page_width, section.page_height
    if landscape != (width > height):
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def _add_table(doc, table: ReportTable) -> None:
    frame = table.frame
    title = doc.add_paragraph()
    run = title.add_run(table.title)
    run.bold = True
    run.font.size = Pt(10)
    title.paragraph_format.space_after = Pt(4)
    headers = [header_text(c) for c in frame.columns]
    grid = doc.add_table(rows=len(frame) + 1, cols=max(len(headers), 1))
    grid.autofit = True
    for j, (h, cell) in enumerate(zip(headers, grid.rows[0].cells, strict=False)):
        _write_cell(cell, h, bold=True, align_right=j > 0)
        _set_borders(cell, top=True, bottom=True)
    rows = grid.rows
    for i, values in enumerate(frame.itertuples(index=False, name=None), start=1):
        cells = rows[i].cells
        for j, value in enumerate(values):
            _write_cell(cells[j], cell_text(value), align_right=j > 0)
    for cell in rows[len(frame)].cells:
        _set_borders(cell, top=len(frame) == 0, bottom=True)
    if table.note:
        note = doc.add_paragraph()
        r = note.add_run(table.note)
        r.italic = True
        r.font.size = Pt(7.5)
        note.paragraph_format.space_before = Pt(3)


def write_docx(path: Path, tables: Sequence[ReportTable], *, heading: str = "Tables") -> Path:
    """Write every table on its own page section: title above, three-line table, footnote below.

    The three rules (above and below the header row, below the last row) follow the usual
    journal table style (e.g. the AMA Manual of Style, 11th ed., section 4.1); wide tables get
    a landscape section.

    Parameters
    ----------
    path : Path
        The ``.docx`` file to write.
    tables : sequence of ReportTable
        In report order.
    heading : str
        Document heading on the first page.

    Returns
    -------
    Path
    """
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(_BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    doc.add_heading(heading, level=1)
    if not tables:
        doc.add_paragraph("The analysis produced no tables.")
    for k, table in enumerate(tables):
        landscape = len(table.frame.columns) >= LANDSCAPE_FROM_COLUMNS
        section = doc.sections[-1] if k == 0 else doc.add_section(WD_SECTION.NEW_PAGE)
        if k > 0 or landscape:
            _orient(section, landscape)
        _add_table(doc, table)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    return path
