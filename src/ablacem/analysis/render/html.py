"""``report.html``: the whole report in one self-contained file (inline CSS and SVG, no scripts)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pandas as pd

from ablacem.analysis.model import ReportTable

from .cells import cell_text, header_text
from .figure_files import RenderedFigure

CSS = """
body{font-family:"Segoe UI",Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;
max-width:62rem;margin:0 auto;padding:1.5rem 1.5rem 4rem;background:#fff}
h1{font-size:1.7rem;margin:0 0 .3rem}h2{font-size:1.35rem;margin-top:2.5rem;border-bottom:2px solid #0072B2;
padding-bottom:.2rem}h3{font-size:1.05rem;margin:1.8rem 0 .4rem}
.meta{color:#555;font-size:.9rem}
nav.toc{background:#f5f7fa;border:1px solid #dde3ea;padding:.6rem 1.2rem;margin:1.2rem 0}
nav.toc ol{margin:.2rem 0;padding-left:1.4rem;list-style:none}nav.toc>ol{padding-left:.2rem}
nav.toc li{margin:.1rem 0}
a{color:#0b5c99}
table.rt{border-collapse:collapse;margin:.4rem 0;font-size:.85rem;font-variant-numeric:tabular-nums}
table.rt caption{caption-side:top;text-align:left;font-weight:600;padding-bottom:.3rem}
table.rt thead th{border-top:2px solid #000;border-bottom:1px solid #000;text-align:left;padding:.25rem .6rem;
vertical-align:bottom}
table.rt td{padding:.18rem .6rem;vertical-align:top}table.rt td+td{text-align:right}
table.rt tbody tr:last-child td{border-bottom:2px solid #000}
table.rt tbody tr:nth-child(even){background:#fafafa}
.scroll{overflow-x:auto}
p.note{font-size:.8rem;color:#444;margin:.2rem 0 1rem;max-width:52rem}
figure{margin:1rem 0 2rem}figure svg{max-width:min(100%,48rem);height:auto;display:block}
figcaption{font-size:.85rem;color:#333;max-width:52rem}
ul.warnings li{margin:.2rem 0}
pre.methods{white-space:pre-wrap;font-family:inherit}
@media print{nav.toc{display:none}figure,table.rt{page-break-inside:avoid}}
"""


@dataclass
class Section:
    """One numbered section of the HTML report, holding tables and figures in order."""

    title: str
    items: list[ReportTable | RenderedFigure] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "sec-" + (re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-") or "section")


def table_html(table: ReportTable, *, caption: bool = True) -> str:
    """A display table as an HTML table (escaped text; line breaks kept)."""

    def cell(value) -> str:
        return escape(cell_text(value)).replace("\n", "<br>")

    def first_cell(value) -> str:
        # The tables mark a category under its heading row by leading spaces, which HTML would
        # collapse: show them as an indent instead.
        text = cell_text(value)
        depth = len(text) - len(text.lstrip(" "))
        if not depth:
            return f"<td>{cell(value)}</td>"
        return f'<td style="padding-left:{0.6 + 0.3 * depth:.1f}rem">{cell(text.lstrip(" "))}</td>'

    head = "".join(f"<th>{escape(header_text(c)).replace(chr(10), '<br>')}</th>" for c in table.frame.columns)
    body = "\n".join(
        "<tr>" + "".join(first_cell(v) if k == 0 else f"<td>{cell(v)}</td>" for k, v in enumerate(row)) + "</tr>"
        for row in table.frame.itertuples(index=False, name=None)
    )
    cap = f"<caption>{escape(table.title)}</caption>" if caption else ""
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    return (
        f'<div class="scroll" id="{escape(table.id)}"><table class="rt">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>\n{body}\n</tbody></table></div>{note}"
    )


def figure_html(figure: RenderedFigure, number: int) -> str:
    """A figure block: the inline SVG and its numbered caption."""
    return (
        f'<figure id="{escape(figure.id)}">{figure.svg_inline}<figcaption><strong>Figure {number}. '
        f"{escape(figure.title)}.</strong> {escape(figure.caption)}</figcaption></figure>"
    )


def arrange(tables: Sequence[ReportTable], figures: Sequence[RenderedFigure], *, first: str = "") -> list[Section]:
    """Group tables and figures into sections.

    Sections come in the order they first appear among the tables (report order), with
    ``first`` (a figure section such as the participant flow) ahead of them; a figure joins the
    section of the same name after its tables, and figures of a section no table has form
    sections of their own at the end. A table or figure without a section goes to "Results".
    """
    sections: dict[str, Section] = {}
    if first:
        sections[first] = Section(first)
    for item in [*tables, *figures]:
        name = item.section or "Results"
        sections.setdefault(name, Section(name)).items.append(item)
    return [s for s in sections.values() if s.items]


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    out = []
    for block in blocks:
        if block.startswith("#"):
            level = min(len(block) - len(block.lstrip("#")) + 2, 4)
            out.append(f"<h{level}>{escape(block.lstrip('#').strip())}</h{level}>")
        else:
            out.append(f"<p>{escape(block).replace(chr(10), '<br>')}</p>")
    return "\n".join(out)


def write_html(
    path: Path,
    *,
    title: str,
    tables: Sequence[ReportTable],
    figures: Sequence[RenderedFigure],
    summary: pd.DataFrame | None = None,
    key_numbers: dict[str, str] | None = None,
    methods: str = "",
    sample_size: str = "",
    versions: dict[str, str] | None = None,
    warnings: Sequence[str] = (),
    flow_section: str = "Study population",
    subtitle: str = "",
) -> Path:
    """Write the self-contained HTML report.

    Parameters
    ----------
    path : Path
        The ``.html`` file to write.
    title : str
        Report title.
    tables : sequence of ReportTable
        In report order, each with its ``section``.
    figures : sequence of RenderedFigure
        Saved figures with their inline SVG.
    summary : DataFrame, optional
        The study summary shown first (display cells).
    key_numbers : dict, optional
        Headline numbers (label to text) shown above the summary.
    methods : str
        Methods text; blank lines separate paragraphs, lines starting with ``#`` are headings.
    sample_size : str
        The sample size paragraph.
    versions : dict, optional
        Software name to version, listed under the methods.
    warnings : sequence of str
        Data-quality problems, listed in the appendix.
    flow_section : str
        Section (of a figure) placed first after the study summary.
    subtitle : str
        Line under the title (e.g. the ablacem version and data source).

    Returns
    -------
    Path
    """
    sections = arrange(tables, figures, first=flow_section)
    numbered: list[tuple[str, str, list]] = [("report-summary", "Study summary", [])]
    numbered += [(s.anchor, s.title, s.items) for s in sections]
    numbered += [("report-methods", "Methods", []), ("report-appendix", "Appendix: data quality", [])]

    figure_numbers = {
        item.id: n
        for n, item in enumerate((i for _, _, items in numbered for i in items if isinstance(i, RenderedFigure)), 1)
    }

    def entry(item) -> str:
        name = f"Figure {figure_numbers[item.id]}. {item.title}" if item.id in figure_numbers else item.title
        return f'<li><a href="#{escape(item.id)}">{escape(name)}</a></li>'

    toc = []
    for k, (anchor, name, items) in enumerate(numbered, start=1):
        sub = "".join(entry(i) for i in items)
        toc.append(f'<li><a href="#{anchor}">{k}. {escape(name)}</a>' + (f"<ol>{sub}</ol>" if sub else "") + "</li>")

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>"
        + (f'<p class="meta">{escape(subtitle)}</p>' if subtitle else "")
        + "</header>",
        f'<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>{"".join(toc)}</ol></nav>',
        '<section id="report-summary"><h2>1. Study summary</h2>',
    ]
    if key_numbers:
        items = "".join(f"<li>{escape(k)}: <strong>{escape(v)}</strong></li>" for k, v in key_numbers.items())
        parts.append(f"<ul>{items}</ul>")
    if summary is not None and len(summary):
        parts.append(
            table_html(ReportTable("study-summary", "Summary of the main results", summary.reset_index(drop=True)))
        )
    parts.append("</section>")

    figure_number = 0
    for k, (anchor, name, items) in enumerate(numbered[1:-2], start=2):
        parts.append(f'<section id="{anchor}"><h2>{k}. {escape(name)}</h2>')
        for item in items:
            if isinstance(item, RenderedFigure):
                figure_number += 1
                parts.append(figure_html(item, figure_number))
            else:
                parts.append(table_html(item))
        parts.append("</section>")

    k = len(numbered) - 1
    parts.append(f'<section id="report-methods"><h2>{k}. Methods</h2>{_paragraphs(methods)}')
    if sample_size:
        parts.append(f"<h3>Sample size</h3>{_paragraphs(sample_size)}")
    if versions:
        rows = pd.DataFrame({"Software": list(versions), "Version": list(versions.values())})
        parts.append("<h3>Software</h3>" + table_html(ReportTable("software", "Software versions", rows)))
    parts.append("</section>")

    parts.append(f'<section id="report-appendix"><h2>{k + 1}. Appendix: data quality</h2>')
    if warnings:
        parts.append(f"<p>{len(warnings)} data-quality warning(s) were found while deriving the analysis data:</p>")
        parts.append('<ul class="warnings">' + "".join(f"<li>{escape(str(w))}</li>" for w in warnings) + "</ul>")
    else:
        parts.append("<p>No data-quality problems were found.</p>")
    parts.append("</section></body></html>\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    return path
