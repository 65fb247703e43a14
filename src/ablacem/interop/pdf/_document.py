"""What every printed document shares: A4 pages, a header line, "page N of M", table styles."""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

_STYLES = getSampleStyleSheet()
TITLE = _STYLES["Title"]
H1 = _STYLES["Heading1"]
H2 = _STYLES["Heading2"]
BODY = _STYLES["BodyText"]
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8, leading=10)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10, textColor=colors.HexColor("#444444"))
MARGIN = 15 * mm


def para(text, style=CELL) -> Paragraph:
    """``text`` as a paragraph (escaped: values are data, never markup)."""
    return Paragraph(escape("" if text is None else str(text)).replace("\n", "<br/>"), style)


def grid(rows: Sequence[Sequence], widths: Sequence[float], *, header: bool = True) -> Table:
    """A table of wrapped cells; the first row is a repeated, shaded header when ``header``."""
    data = [[para(cell) for cell in row] for row in rows]
    table = Table(data, colWidths=list(widths), repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")))
    table.setStyle(TableStyle(style))
    return table


def _numbered_canvas(header: str) -> type:
    """A canvas class that writes ``header`` on top of every page and "page N of M" at the foot
    (the total is known only once every page is laid out, so pages are kept and drawn at save)."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                width, height = self._pagesize
                self.setFont("Helvetica", 8)
                self.drawString(MARGIN, height - 10 * mm, header)
                self.drawRightString(width - MARGIN, 8 * mm, f"Page {self._pageNumber} of {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


def render(story: list, *, title: str, header: str) -> bytes:
    """The PDF of ``story`` (reportlab flowables) with ``header`` and page numbers on every page."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=15 * mm,
        title=title,
    )
    doc.build(story, canvasmaker=_numbered_canvas(header))
    return buffer.getvalue()


def usable_width() -> float:
    """Width between the margins of an A4 page."""
    return A4[0] - 2 * MARGIN
