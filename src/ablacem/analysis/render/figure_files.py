"""Figures on disk (PNG at 300 dpi and SVG) and as inline SVG for the HTML report."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from ablacem.analysis.model import ReportFigure

PNG_DPI = 300
#: No creation date or tool stamp: the same data give byte-identical SVG files.
_SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.S)
_XMLNS = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_SIZE = re.compile(r'<svg\b([^>]*?)\swidth="[^"]*"\s+height="[^"]*"')
_REF = re.compile(r'(\bid="|href="#|url\(#)')


@dataclass(frozen=True)
class RenderedFigure:
    """A figure after saving: its text parts and where it was written (the drawing is closed).

    Attributes
    ----------
    id, title, caption, section : str
        As on :class:`ReportFigure`.
    svg_inline : str
        The ``<svg>`` element ready to embed in HTML (ids prefixed with the figure id).
    png, svg : Path
        Files written.
    """

    id: str
    title: str
    caption: str
    section: str
    svg_inline: str
    png: Path
    svg: Path


def svg_text(figure: ReportFigure) -> str:
    """The figure as a standalone SVG document (text kept as text, deterministic ids)."""
    from ablacem.analysis.figures._style import journal_style  # matplotlib: only where figures are drawn

    buffer = io.StringIO()
    with journal_style():
        figure.figure.savefig(buffer, format="svg", metadata=_SVG_METADATA)
    return buffer.getvalue()


def inline_svg(svg: str, prefix: str) -> str:
    """Make an SVG document embeddable in an HTML5 page.

    Drops the XML prolog and DOCTYPE and the namespace declarations (the HTML parser supplies
    them, so the page references no external URI), lets the drawing scale to the page width,
    and prefixes every id (and every ``#id`` reference) with ``prefix`` so several figures can
    share one document without id clashes.
    """
    svg = _PROLOG.sub("", svg, count=1)
    svg = _XMLNS.sub("", svg)
    svg = _SIZE.sub(r'<svg\1 width="100%" role="img"', svg, count=1)
    svg = _REF.sub(lambda m: f"{m.group(1)}{prefix}-", svg)
    return svg.strip()


def save_figure(figure: ReportFigure, folder: Path) -> RenderedFigure:
    """Write ``<id>.png`` (300 dpi) and ``<id>.svg`` under ``folder``, then close the drawing.

    Parameters
    ----------
    figure : ReportFigure
    folder : Path
        Created if needed.

    Returns
    -------
    RenderedFigure
    """
    from ablacem.analysis.figures._style import journal_style

    folder.mkdir(parents=True, exist_ok=True)
    svg = svg_text(figure)
    svg_path = folder / f"{figure.id}.svg"
    svg_path.write_text(svg, encoding="utf-8")
    png_path = folder / f"{figure.id}.png"
    # The SVG save ran the constrained layout; positions are figure fractions, valid at any dpi,
    # so the PNG save need not run it again.
    figure.figure.set_layout_engine("none")
    with journal_style():
        figure.figure.savefig(png_path, format="png", dpi=PNG_DPI, metadata={"Software": None})
    rendered = RenderedFigure(
        figure.id, figure.title, figure.caption, figure.section, inline_svg(svg, figure.id), png_path, svg_path
    )
    figure.figure.clear()
    return rendered
