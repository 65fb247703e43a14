"""``tables.docx``: journal-style tables a clinician can paste into a manuscript (python-docx)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from ablacem.analysis.model import ReportTable

from .cells import cell_text, header_text

#: Tables wider than this many columns get a landscape page.
LANDSCAPE_FROM_COLUMNS = 7
_FONT = "Arial"
_BODY_PT = 8
_RULE = 'w:val="single" w:sz="6" w:space="0" w:color="000000"'
_NO_RULE = 'w:val="nil"'


def _cell_xml(text: str, *, bold: bool, right: bool, top: bool, bottom: bool) -> str:
    borders = "".join(
        f"<w:{edge} {_RULE if on else _NO_RULE}/>"
        for edge, on in (("top", top), ("left", False), ("bottom", bottom), ("right", False))
    )
    jc = '<w:pPr><w:jc w:val="right"/></w:pPr>' if right else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    runs = (
        "<w:r>"
        + rpr
        + "<w:br/>".join(f'<w:t xml:space="preserve">{xml_escape(line)}</w:t>' for line in text.split("\n"))
    )
    return f"<w:tc><w:tcPr><w:tcBorders>{borders}</w:tcBorders></w:tcPr><w:p>{jc}{runs}</w:r></w:p></w:tc>"


def _rows_xml(headers: list[str], body: list[list[str]]) -> str:
    """The table rows as WordprocessingML: rules above and below the header, below the last row.

    Built as one string and parsed once: python-docx's cell-by-cell API costs about a
    millisecond per cell, which adds up over a report's tables.
    """
    rows = [
        "<w:tr>"
        + "".join(_cell_xml(h, bold=True, right=j > 0, top=True, bottom=True) for j, h in enumerate(headers))
        + "</w:tr>"
    ]
    for i, values in enumerate(body):
        last = i == len(body) - 1
        rows.append(
            "<w:tr>"
            + "".join(_cell_xml(v, bold=False, right=j > 0, top=False, bottom=last) for j, v in enumerate(values))
            + "</w:tr>"
        )
    return f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>"


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
    headers = [header_text(c) for c in frame.columns] or [""]
    body = [[cell_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    grid = doc.add_table(rows=0, cols=len(headers))
    grid.autofit = True
    for row in parse_xml(_rows_xml(headers, body)).findall(qn("w:tr")):
        grid._tbl.append(row)
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
